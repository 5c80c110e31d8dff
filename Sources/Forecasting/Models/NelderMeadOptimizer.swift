/// Derivative-free minimiser (Nelder & Mead 1965) over an unconstrained vector; models map bounded
/// smoothing parameters through a logistic transform so any point the simplex visits is valid.
struct NelderMeadOptimizer: Sendable {
    var maxEvaluations: Int = 600
    var tolerance: Double = 1e-7
    var restarts: Int = 2

    func minimize(start: [Double], step: Double = 0.6, _ f: ([Double]) -> Double) -> (x: [Double], value: Double) {
        var best = (x: start, value: safe(f(start)))
        var budget = maxEvaluations
        // Restarting from the best point with a fresh simplex guards against the simplex collapsing early,
        // which is the classic Nelder–Mead failure mode on flat, noisy SSE surfaces.
        for round in 0...restarts {
            let result = run(start: best.x, step: round == 0 ? step : step / 2, budget: &budget, f)
            let improved = result.value < best.value - tolerance * (abs(best.value) + 1e-12)
            if result.value < best.value { best = result }
            if round > 0 && !improved { break }
            if budget <= 0 { break }
        }
        return best
    }

    private func safe(_ v: Double) -> Double { v.isFinite ? v : .greatestFiniteMagnitude }

    private func run(start: [Double], step: Double, budget: inout Int, _ f: ([Double]) -> Double) -> (x: [Double], value: Double) {
        let n = start.count
        var simplex: [[Double]] = [start]
        for i in 0..<n {
            var p = start
            p[i] += step
            simplex.append(p)
        }
        var values = simplex.map { safe(f($0)) }
        budget -= n + 1
        while budget > 0 {
            let order = (0...n).sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            if spread <= tolerance * (abs(values[0]) + 1e-12) { break }

            var centroid = [Double](repeating: 0, count: n)
            for p in simplex.dropLast() {
                for j in 0..<n { centroid[j] += p[j] / Double(n) }
            }
            func along(_ t: Double) -> [Double] {
                (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) }
            }
            let reflected = along(-1)
            let fr = safe(f(reflected)); budget -= 1
            if fr < values[0] {
                let expanded = along(-2)
                let fe = safe(f(expanded)); budget -= 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = along(outside ? -0.5 : 0.5)
                let fc = safe(f(contracted)); budget -= 1
                if fc < (outside ? fr : values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = safe(f(simplex[i]))
                    }
                    budget -= n
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[i], values[i])
    }
}
