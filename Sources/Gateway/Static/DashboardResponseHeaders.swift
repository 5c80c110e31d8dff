import HTTPTypes

/// The security headers of everything the dashboard serves (files, the app for client-side routes, the "not
/// built" page). The policy fits a React app served from this origin: its own scripts only, inline styles (which
/// CSS-in-JS needs), `data:` images, API calls to this origin, and no framing.
enum DashboardResponseHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"

    static let fields: [(HTTPField.Name, String)] = [
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "strict-origin-when-cross-origin"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (.contentSecurityPolicy, contentSecurityPolicy),
    ]

    /// Sets the headers, replacing any value already there: these answers are HTML and scripts, not API JSON.
    static func apply(to headers: inout HTTPFields) {
        for (name, value) in fields {
            headers[name] = value
        }
    }
}
