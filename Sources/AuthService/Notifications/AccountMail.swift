import Foundation
import Logging
import Platform

/// The e-mails the auth service sends about an account: verify the address, reset the password, the password was
/// changed. Links point at the public URL (`public.url`), where the dashboard completes the flow.
///
/// Sending never fails the request that caused it: the change is already committed, and the user can ask again
/// (resend, reset); the failure is logged with the mailer's own explanation.
struct AccountMail: Sendable {
    let mailer: any Mailer
    let from: MailAddress
    let publicURL: String
    let time: TimeSource
    let logger: Logger

    func sendVerification(to email: String, name: String, token: String) async {
        let link = "\(publicURL)/verify-email?token=\(token)"
        await send(
            to: email, name: name, subject: "Confirm your e-mail for M-PESA Analytics",
            text: """
            Hello \(name),

            Confirm that this is your e-mail address by opening the link below (it works for 48 hours):

            \(link)

            If you did not create an account, ignore this message.
            """
        )
    }

    func sendPasswordReset(to email: String, name: String, token: String) async {
        let link = "\(publicURL)/reset-password?token=\(token)"
        await send(
            to: email, name: name, subject: "Reset your M-PESA Analytics password",
            text: """
            Hello \(name),

            Someone asked to reset the password of this account. Open the link below to choose a new one; it works
            once, for 30 minutes:

            \(link)

            If it was not you, ignore this message: your password has not changed.
            """
        )
    }

    func sendPasswordChanged(to email: String, name: String) async {
        await send(
            to: email, name: name, subject: "Your M-PESA Analytics password was changed",
            text: """
            Hello \(name),

            The password of your account was just changed, and your other sessions were logged out.

            If it was not you, reset the password at once: \(publicURL)/forgot-password
            """
        )
    }

    private func send(to email: String, name: String, subject: String, text: String) async {
        do {
            let message = try MailMessage(
                from: from, to: [MailAddress(email, displayName: Self.displayName(name))], subject: subject, textBody: text, date: time.now
            )
            try await mailer.send(message)
        } catch {
            logger.error("could not send e-mail", metadata: ["subject": .string(subject), "error": .string("\(error)")])
        }
    }

    /// A display name safe for a header: the user's name without control characters, or none.
    static func displayName(_ name: String) -> String? {
        let cleaned = String(name.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
        return cleaned.isEmpty ? nil : String(cleaned.prefix(80))
    }
}
