import Foundation

/// What a request path no route matched means for the dashboard: the API's and operations' paths are never
/// files, paths that try to leave the directory are refused, and the rest name a file (or a client-side route).
enum DashboardRequestPath: Equatable {
    /// Under `/api/`, `/bff/`, `/.well-known/` or an operational path: a 404 problem, never a file or the app.
    case reserved
    /// Malformed, or trying to escape the directory (`..`, `%2e%2e`, backslashes, NUL, `//`, dot files): a 404.
    case rejected
    /// A percent-decoded path inside the directory, starting with `/`.
    case file(String)

    static let reservedPrefixes = ["/api/", "/bff/", "/.well-known/", "/v1/"]
    static let reservedPaths: Set<String> = ["/api", "/bff", "/.well-known", "/v1", "/health", "/ready", "/metrics", "/openapi.json"]
    static let maximumLength = 1024

    init(_ rawPath: String) {
        guard rawPath.utf8.count <= Self.maximumLength, rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding else {
            self = .rejected
            return
        }
        if Self.isReserved(rawPath) || Self.isReserved(decoded) {
            self = .reserved
            return
        }
        // Percent signs left after decoding would be decoded again further down; built asset names never hold them.
        let forbidden: (UInt8) -> Bool = { byte in byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "%") }
        guard !decoded.utf8.contains(where: forbidden), !decoded.contains(".."), !decoded.contains("//") else {
            self = .rejected
            return
        }
        // Dot files (.env, .git) are never part of a build; refusing them keeps a stray one private.
        guard !decoded.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
            self = .rejected
            return
        }
        self = .file(decoded)
    }

    static func isReserved(_ path: String) -> Bool {
        reservedPaths.contains(path) || reservedPrefixes.contains { path.hasPrefix($0) }
    }

    /// Whether an `Accept` header asks for HTML (a browser navigating), which earns the app instead of a 404.
    static func acceptsHTML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { range in
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "text/html" else { return false }
            // `text/html;q=0` explicitly refuses HTML.
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }
}
