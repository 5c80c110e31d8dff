import ArgumentParser
import Foundation
import Platform

/// `mpesa mail`: the development mailbox, where e-mail goes when `MAIL_TRANSPORT=mailbox` (the default).
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "List or show the e-mail in the development mailbox.",
        discussion: """
            With MAIL_TRANSPORT=mailbox (the default) verification, password-reset and invitation e-mails are written to \
            <data dir>/mail instead of being sent. `mpesa mail` lists them, newest first; `mpesa mail --show ID` prints one; \
            `mpesa mail --latest-to ADDRESS` prints the newest to an address (handy for the link inside).
            """
    )

    @Option(help: "Print this message (an id from the list).")
    var show: String?

    @Option(name: .customLong("latest-to"), help: "Print the newest message to this address.")
    var latestTo: String?

    @Option(name: .customLong("data-dir"), help: "Directory of the embedded store (overrides DATA_DIR).")
    var dataDirectory: String?

    func run() async throws {
        try await CommandFailure.reporting {
            var settings = try await PlatformSettings.load()
            if let dataDirectory { settings.dataDirectory = dataDirectory }
            let mailbox = DevelopmentMailbox(directory: URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("mail"))
            do {
                if let show {
                    print(Self.forTerminal(try mailbox.read(id: show)), terminator: "")
                } else if let latestTo {
                    guard let latest = try mailbox.latest(to: latestTo) else { throw CommandFailure("no e-mail to \(latestTo) in \(mailbox.directory.path)") }
                    print(Self.forTerminal(try mailbox.read(id: latest.id)), terminator: "")
                } else {
                    let messages = try mailbox.list()
                    if messages.isEmpty { print("no e-mail in \(mailbox.directory.path)") }
                    for message in messages {
                        print("\(message.id)  \(RFC3339.format(message.date))  to \(message.to.map(\.address).joined(separator: ", "))  \(message.subject)")
                    }
                }
            } catch let error as MailError {
                throw CommandFailure(error.description)
            }
        }
    }

    /// The message as stored, with the terminal's line endings instead of SMTP's CRLF.
    static func forTerminal(_ message: MailMessage) -> String {
        message.rfc5322().replacingOccurrences(of: "\r\n", with: "\n")
    }
}
