/// Sends one e-mail; the auth and tenant services depend on this, so production uses SMTP and development a local mailbox.
public protocol Mailer: Sendable {
    /// Delivers `message` to the next hop; returns once that hop has taken responsibility for it.
    func send(_ message: MailMessage) async throws(MailError)
}
