import Foundation
import Logging
import Platform

/// The invitation e-mail: who invites you to which organisation, in what role, and the link to accept.
///
/// A failed send is logged and reported back (`sent: false`), never undone: the invitation exists and can be resent.
struct InvitationMail: Sendable {
    let mailer: any Mailer
    let from: MailAddress
    let publicURL: String
    let time: TimeSource
    let logger: Logger

    func send(to email: String, organization: String, inviter: String, role: Role, token: String, expiresAt: Date) async -> Bool {
        let link = "\(publicURL)/invitations/accept?token=\(token)"
        let expiry = RFC3339.format(expiresAt).prefix(10)
        do {
            let message = try MailMessage(
                from: from, to: [MailAddress(email)], subject: "\(Self.oneLine(inviter)) invited you to \(Self.oneLine(organization)) on M-PESA Analytics",
                textBody: """
                    Hello,

                    \(Self.oneLine(inviter)) invited you to join \(Self.oneLine(organization)) on M-PESA Analytics as \(Self.article(role.rawValue)) \(role.rawValue).

                    Accept the invitation here (the link works until \(expiry)):

                    \(link)

                    Log in or create an account with this e-mail address (\(email)) to accept. If you did not expect this, ignore this message.
                    """,
                date: time.now
            )
            try await mailer.send(message)
            return true
        } catch {
            logger.error("could not send invitation e-mail", metadata: ["error": .string("\(error)")])
            return false
        }
    }

    /// Names typed by users, safe for a subject line.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init).prefix(80))
    }

    static func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an" : "a"
    }
}
