/// The `Cache-Control` of a dashboard file: fingerprinted assets never change under their name, so browsers
/// keep them for a year; `index.html` and every other file must be revalidated (with the ETag) on each use, so a
/// new build reaches users on their next page load.
enum DashboardCachePolicy {
    static let immutable = "public, max-age=31536000, immutable"
    static let revalidate = "no-cache"

    static func cacheControl(forPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if name == "index.html" || name.isEmpty { return revalidate }
        if path.hasPrefix("/assets/") || isFingerprinted(name) { return immutable }
        return revalidate
    }

    /// Whether a file name carries a content hash, as bundlers write them: `app-3F9A1C2B.js`, `index.BcD3fG7h.css`,
    /// `chunk.3f9a1c2b.js`: a part of 8 or more ASCII letters and digits holding both, between the name and the
    /// extension. Words (`NotoSans-SemiBold.woff2`) are not hashes; a hash without a digit is missed, which costs a
    /// revalidation, never a stale file (bundlers put hashed files under `/assets/` anyway).
    static func isFingerprinted(_ name: String) -> Bool {
        let parts = name.split(whereSeparator: { $0 == "-" || $0 == "." })
        guard parts.count >= 3 else { return false }
        // The first part is the name, the last the extension; a hash sits between them.
        return parts.dropFirst().dropLast().contains { part in
            part.count >= 8 && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && part.contains(where: \.isNumber) && part.contains(where: \.isLetter)
        }
    }
}
