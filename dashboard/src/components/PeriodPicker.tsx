import { useEffect, useState } from "react";
import { formatDay } from "../lib/format";
import { usePeriod, usePresets } from "../lib/period";

/** Preset periods plus a custom from/to, all reflected in the URL. */
export function PeriodPicker() {
  const { from, to, setPeriod, span } = usePeriod();
  const presets = usePresets();
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => setDraft({ from, to }), [from, to]);
  const selected = presets.find((preset) => (preset.period ? preset.period.from === from && preset.period.to === to : false));
  return (
    <form
      className="period-picker"
      aria-label="Period"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.from && draft.to) setPeriod(draft.from <= draft.to ? draft : { from: draft.to, to: draft.from });
      }}
    >
      <label className="visually-hidden" htmlFor="period-preset">
        Period
      </label>
      <select
        id="period-preset"
        value={selected ? selected.label : "custom"}
        onChange={(event) => {
          const preset = presets.find((item) => item.label === event.target.value);
          if (preset) setPeriod(preset.period);
        }}
      >
        {!selected && <option value="custom">{`${formatDay(from)} – ${formatDay(to)}`}</option>}
        {presets.map((preset) => (
          <option key={preset.label} value={preset.label}>
            {preset.label}
          </option>
        ))}
      </select>
      <label>
        <span className="visually-hidden">From</span>
        <input type="date" value={draft.from} min={span?.from} max={draft.to} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
      </label>
      <span aria-hidden="true">–</span>
      <label>
        <span className="visually-hidden">To</span>
        <input type="date" value={draft.to} min={draft.from} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
      </label>
      <button type="submit" className="button secondary small">
        Apply
      </button>
    </form>
  );
}
