import HTTPTypes
import Platform
import StatementParsing

/// How each reason a file cannot be read reaches the client.
///
/// A missing or wrong password is a 422, not a 401: 401 means "your access token", and clients (the dashboard
/// among them) react to it by refreshing their session, which would hide the real message.
enum ParsingProblem {
    static func code(_ error: StatementParseError) -> String {
        switch error {
        case .passwordRequired: "password-required"
        case .wrongPassword: "wrong-password"
        case .scannedDocument: "scanned-document"
        case .notAStatement: "not-a-statement"
        case .corrupt: "corrupt-file"
        case .tooLarge: "payload-too-large"
        case .unexpectedColumns: "unexpected-columns"
        case .timedOut: "processing-timeout"
        case .toolMissing: "parser-unavailable"
        case .unsupported: "unsupported-format"
        }
    }

    static func problem(for error: StatementParseError) -> Problem {
        let titles: [String: String] = [
            "password-required": "The statement is password-protected",
            "wrong-password": "The password does not open the statement",
            "scanned-document": "The PDF has no text",
            "not-a-statement": "Not an M-PESA statement",
            "corrupt-file": "The file is damaged",
            "payload-too-large": "The file is too large",
            "unexpected-columns": "The table's columns are not a statement's",
            "processing-timeout": "The file took too long to read",
            "parser-unavailable": "The parser cannot read this format right now",
            "unsupported-format": "This format is not supported",
        ]
        let code = code(error)
        let status: HTTPResponse.Status = switch error {
        case .tooLarge: .contentTooLarge
        case .toolMissing: .serviceUnavailable
        default: .unprocessableContent
        }
        var problem = Problem(type: code, title: titles[code] ?? "The file cannot be read", status: status, detail: error.description)
        if case .passwordRequired = error {
            problem.errors = [Problem.FieldError(pointer: "password", detail: "required for this file")]
        } else if case .wrongPassword = error {
            problem.errors = [Problem.FieldError(pointer: "password", detail: "does not open this file")]
        }
        return problem
    }
}
