/// Why a file could not be read as a statement. Each case maps to one problem type in the parser service;
/// messages tell the user what to do.
public enum StatementParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The PDF is encrypted and no password was given.
    case passwordRequired
    /// A password was given and it does not open the PDF.
    case wrongPassword
    /// The PDF has no text layer (a scan or a photo).
    case scannedDocument
    /// The file is readable but is not an M-PESA statement in any format we know.
    case notAStatement(String)
    /// The file is damaged or cut short.
    case corrupt(String)
    /// The file is larger than allowed, or expands to more than allowed (zip bombs).
    case tooLarge(String)
    /// A table's columns are not the ones the format needs.
    case unexpectedColumns(expected: [String], found: [String])
    /// Extraction took too long and was stopped.
    case timedOut(seconds: Int)
    /// A required external tool (poppler, LibreOffice) is not installed.
    case toolMissing(String)
    /// The format is recognised but cannot be handled (e.g. a business PDF statement).
    case unsupported(String)

    public var description: String {
        switch self {
        case .passwordRequired:
            "The PDF is password-protected: send the statement password (the one in Safaricom's e-mail or SMS) in the `password` field"
        case .wrongPassword:
            "The password does not open this PDF; check the password Safaricom sent with the statement (it is case-sensitive)"
        case .scannedDocument:
            "The PDF has no text, only images (a scan or photo); upload the original statement Safaricom e-mailed"
        case .notAStatement(let why):
            "This file is not an M-PESA statement: \(why)"
        case .corrupt(let why):
            "The file is damaged or incomplete: \(why)"
        case .tooLarge(let why):
            "The file is too large: \(why)"
        case let .unexpectedColumns(expected, found):
            "The table's columns are \(found.prefix(16).joined(separator: ", ")); expected \(expected.joined(separator: ", "))"
        case .timedOut(let seconds):
            "Reading the file took longer than \(seconds) s and was stopped; the file may be damaged or hostile"
        case .toolMissing(let tool):
            "\(tool) is not installed on this server; install it to read this format"
        case .unsupported(let why):
            why
        }
    }
}
