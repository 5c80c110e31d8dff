#!/usr/bin/env python3
"""Reference for the ForecastBenchmark: statsforecast AutoETS(season_length=7) on exactly the series and
rolling origins the Swift benchmark wrote (JSON from `ForecastBenchmark --generate-only --series PATH`).

MASE per (series, origin) = MAE over the 28-day window / in-sample MAE of the lag-7 seasonal naive forecast
on the training part (Hyndman & Koehler 2006) -- the same definition the Swift side uses.

Usage: forecast_reference.py SERIES_JSON RESULTS_JSON
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS


def scale(train):
    d = np.abs(train[7:] - train[:-7])
    return max(d.mean() if len(d) else 0.0, 1.0)


def main(series_path, results_path):
    with open(series_path) as f:
        spec = json.load(f)
    horizon = spec["horizon"]
    backs = spec["origins_from_end"]
    series = spec["series"]

    # Warm-up so numba's JIT compilation is not charged to the first fit.
    warm = np.asarray(series[0]["values"][:200], dtype=float)
    AutoETS(season_length=7).forecast(y=warm, h=horizon)

    mase, naive_mase, fits = [], [], 0
    inside80 = inside95 = points = 0
    elapsed = 0.0
    for s in series:
        y = np.asarray(s["values"], dtype=float)
        row, nrow = [], []
        for back in backs:
            origin = len(y) - back
            train, actual = y[:origin], y[origin:origin + horizon]
            began = time.perf_counter()
            out = AutoETS(season_length=7).forecast(y=train, h=horizon, level=[80, 95])
            elapsed += time.perf_counter() - began
            fits += 1
            mean = out["mean"]
            sc = scale(train)
            row.append(float(np.abs(actual - mean).mean() / sc))
            naive = np.array([train[len(train) - 7 + (h % 7)] for h in range(horizon)])
            nrow.append(float(np.abs(actual - naive).mean() / sc))
            inside80 += int(((actual >= out["lo-80"]) & (actual <= out["hi-80"])).sum())
            inside95 += int(((actual >= out["lo-95"]) & (actual <= out["hi-95"])).sum())
            points += len(actual)
        mase.append(row)
        naive_mase.append(nrow)

    result = {
        "model": "AutoETS",
        "mase": mase,
        "mean_mase": float(np.mean(mase)),
        "seasonal_naive_mase": float(np.mean(naive_mase)),
        "seconds_per_fit": elapsed / fits,
        "coverage80": inside80 / points,
        "coverage95": inside95 / points,
    }
    with open(results_path, "w") as f:
        json.dump(result, f)
    print(f"AutoETS: {len(series)} series x {len(backs)} origins, mean MASE {result['mean_mase']:.3f}, "
          f"seasonal naive MASE {result['seasonal_naive_mase']:.3f}, {1000 * result['seconds_per_fit']:.1f} ms per fit, "
          f"coverage 80% {100 * result['coverage80']:.1f}%, 95% {100 * result['coverage95']:.1f}%")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
