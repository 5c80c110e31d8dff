/// What makes a password acceptable: at least 10 characters, not one of the 30,000 most common passwords (nor
/// one of them with a few digits or symbols added, like `password2026!`), not built from the e-mail address, and
/// not a run of a few repeated characters. Each refusal says what to change.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 10
    public static let maximumLength = 1024

    /// Lower-cased common passwords; built once per process.
    static let common: Set<Substring> = Set(CommonPasswordList.text.split(separator: "\n"))

    public init() {}

    /// Nil when acceptable, otherwise the reason, written for the person choosing the password.
    public func problem(with password: String, email: String) -> String? {
        let length = password.count
        if length < Self.minimumLength { return "Use at least \(Self.minimumLength) characters (this one has \(length))" }
        if length > Self.maximumLength { return "Use at most \(Self.maximumLength) characters" }
        let lower = password.lowercased()
        if Self.common.contains(Substring(lower)) { return "This is one of the most common passwords; choose something less guessable" }
        let base = lower.trimmingSuffixAndPrefix { $0.isNumber || $0.isPunctuation || $0.isSymbol || $0.isWhitespace }
        if base.count >= 4, lower.count - base.count <= 6, Self.common.contains(base) {
            return "This is a common password with a few characters added; choose something less guessable"
        }
        let address = email.lowercased()
        let local = address.split(separator: "@").first.map(String.init) ?? address
        if lower.contains(address) || (local.count >= 3 && lower.contains(local)) { return "Do not use your e-mail address in your password" }
        if Set(lower).count < 4 { return "Use more than three different characters" }
        return nil
    }
}

extension String {
    /// The string without leading and trailing characters matching `strip`.
    fileprivate func trimmingSuffixAndPrefix(_ strip: (Character) -> Bool) -> Substring {
        var result = Substring(self)
        while let first = result.first, strip(first) { result = result.dropFirst() }
        while let last = result.last, strip(last) { result = result.dropLast() }
        return result
    }
}
