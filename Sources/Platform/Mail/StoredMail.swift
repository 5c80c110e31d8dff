import Foundation

/// A message in a `DevelopmentMailbox`, as listed: enough to find the right one, then `read(id:)` for the body.
public struct StoredMail: Sendable, Equatable {
    /// The file name without `.eml` (`20261129T101500Z-3f2a…`); pass it to `DevelopmentMailbox.read(id:)`.
    public let id: String
    public let file: URL
    public let date: Date
    public let from: MailAddress
    public let to: [MailAddress]
    public let subject: String

    public init(id: String, file: URL, date: Date, from: MailAddress, to: [MailAddress], subject: String) {
        self.id = id
        self.file = file
        self.date = date
        self.from = from
        self.to = to
        self.subject = subject
    }
}
