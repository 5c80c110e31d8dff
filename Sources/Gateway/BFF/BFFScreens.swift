import Platform

/// The upstream calls behind each dashboard screen, one per section. `organisation` is the caller's tenant id
/// (validated, so safe in a path); dates are `YYYY-MM-DD`.
enum BFFScreens {
    static func overview(organisation: String, from: String, to: String) -> [BFFCall] {
        let period = "from=\(from)&to=\(to)"
        return [
            BFFCall("account", .auth, "/v1/me", checksSession: true),
            BFFCall("organisation", .tenant, "/v1/organizations/\(organisation)"),
            BFFCall("usage", .tenant, "/v1/organizations/\(organisation)/usage"),
            BFFCall("summary", .analytics, "/v1/summary?\(period)"),
            BFFCall("categories", .analytics, "/v1/categories?\(period)"),
            BFFCall("counterparties", .analytics, "/v1/counterparties?\(period)"),
            BFFCall("insights", .analytics, "/v1/insights?\(period)"),
            BFFCall("timeseries", .analytics, "/v1/timeseries?\(period)&granularity=day"),
        ]
    }

    static func cashflow(horizonDays: Int) -> [BFFCall] {
        [
            BFFCall("summary", .analytics, "/v1/summary"),
            BFFCall("timeseries", .analytics, "/v1/timeseries?granularity=day"),
            BFFCall("forecast", .analytics, "/v1/forecast?horizon_days=\(horizonDays)"),
            BFFCall("recurring", .analytics, "/v1/insights?kind=recurring"),
        ]
    }

    static func settings(organisation: String) -> [BFFCall] {
        [
            BFFCall("account", .auth, "/v1/me", checksSession: true),
            BFFCall("sessions", .auth, "/v1/sessions"),
            BFFCall("api_keys", .auth, "/v1/api-keys"),
            BFFCall("organisation", .tenant, "/v1/organizations/\(organisation)"),
            BFFCall("members", .tenant, "/v1/organizations/\(organisation)/members"),
            BFFCall("usage", .tenant, "/v1/organizations/\(organisation)/usage"),
        ]
    }
}
