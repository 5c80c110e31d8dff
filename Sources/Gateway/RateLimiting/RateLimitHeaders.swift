/// The `RateLimit-Policy` and `RateLimit` response fields of draft-ietf-httpapi-ratelimit-headers-10, as structured
/// field values, so clients can pace themselves before they are refused.
enum RateLimitHeaders {
    static let policyField = "RateLimit-Policy"
    static let stateField = "RateLimit"

    /// `"tenant";q=300;w=60`: the quota `q` per window of `w` seconds.
    static func policy(name: String, quota: Int64, windowSeconds: Int64) -> String {
        "\(string(name));q=\(integer(quota));w=\(integer(windowSeconds))"
    }

    /// `"tenant";r=42;t=18`: `r` requests remaining, the quota resets in `t` seconds.
    static func state(name: String, remaining: Int64, resetSeconds: Int64) -> String {
        "\(string(name));r=\(integer(remaining));t=\(integer(resetSeconds))"
    }

    /// An sf-string (RFC 9651 §3.3.3): `\` and `"` escaped; characters outside printable ASCII, which an sf-string
    /// cannot hold, become `?` so the field stays parseable.
    static func string(_ value: String) -> String {
        var result = "\""
        result.unicodeScalars.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x22, 0x5C:
                result.unicodeScalars.append("\\")
                result.unicodeScalars.append(scalar)
            case 0x20...0x7E:
                result.unicodeScalars.append(scalar)
            default:
                result.unicodeScalars.append("?")
            }
        }
        result.unicodeScalars.append("\"")
        return result
    }

    /// A non-negative sf-integer (RFC 9651 §3.3.1 allows at most 15 digits).
    static func integer(_ value: Int64) -> String {
        String(min(max(0, value), 999_999_999_999_999))
    }
}
