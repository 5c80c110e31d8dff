import Hummingbird
import Platform

/// The cashflow service (port 8005): stateless compute over a daily series: forecast with prediction intervals and
/// a balance projection, trend and change points, anomalies, runway. The method is the `Forecasting` library's
/// (docs/forecasting.md); the analytics service calls it with the organisation's own ledger.
public enum CashflowService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — cashflow service",
        description: "Stateless forecasting, trend, anomaly and runway computations over a daily series. docs/forecasting.md explains the method.",
        requiredUpstreams: [],
        schemas: [
            ("SeriesRequest", .object(properties: [("series", .reference("Series")), ("threshold", .number())], required: ["series"])),
            ("Series", .object(properties: [("start", .string(format: "date")), ("values_cents", .array(of: .integer()))], required: ["start", "values_cents"])),
            ("ForecastRequest", .object(
                properties: [
                    ("series", .reference("Series")), ("horizon_days", .integer(minimum: 7, maximum: 180)), ("levels", .array(of: .integer())),
                    ("known_flows", .array(of: .object(properties: [("day", .string(format: "date")), ("amount_cents", .integer()), ("label", .string())]))),
                    ("opening_balance_cents", .integer()), ("threshold_cents", .integer()),
                ],
                required: ["series"]
            )),
            ("ForecastAnswer", .any(description: "forecast (method, points with mean and 80/95% bounds in cents, cumulative, backtest, candidates, notes), balance, first_day_below")),
            ("RunwayRequest", .object(properties: [("series", .reference("Series")), ("balance_cents", .integer()), ("trailing_days", .integer())], required: ["series", "balance_cents"])),
        ]
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { router in
            CashflowRoutes.register(on: router)
        }
    }
}
