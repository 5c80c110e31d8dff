import Foundation
import Logging

/// Chooses the mailer the configuration asks for: the development mailbox (files under `<data dir>/mail`, listed by
/// `mpesa mail`) or SMTP.
public enum MailTransport {
    public static func make(configuration: PlatformSettings, logger: Logger) throws -> any Mailer {
        let mail = configuration.mail
        switch mail.transport {
        case .mailbox:
            return DevelopmentMailbox(directory: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("mail"))
        case .smtp:
            let tls: SMTPConfiguration.TLSMode = switch mail.smtpTLS {
            case .none: .none
            case .starttls: .startTLS
            case .implicit: .implicit
            }
            let credentials = mail.smtpUsername.map { SMTPConfiguration.Credentials(username: $0, password: mail.smtpPassword ?? "") }
            let host = ProcessInfo.processInfo.hostName
            do {
                return try SMTPMailer(
                    configuration: SMTPConfiguration(
                        host: mail.smtpHost, port: mail.smtpPort, tls: tls, credentials: credentials,
                        // A relay on this machine may take credentials in clear text; anything else must use TLS.
                        allowsInsecureAuthentication: ["localhost", "127.0.0.1", "::1"].contains(mail.smtpHost),
                        heloName: host.isEmpty || host.contains(" ") ? "localhost" : host
                    ),
                    logger: logger
                )
            } catch {
                throw ConfigurationError(key: SettingKey.smtpHost.environmentVariable, problem: "\(error)")
            }
        }
    }

    /// The From address of the platform's e-mail (`mail.from`, e.g. `M-PESA Analytics <no-reply@example.com>`).
    public static func sender(_ configuration: PlatformSettings) throws -> MailAddress {
        let text = configuration.mail.from.trimmingCharacters(in: .whitespaces)
        do {
            if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
                let name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
                return try MailAddress(address, displayName: name.isEmpty ? nil : name)
            }
            return try MailAddress(text)
        } catch {
            throw ConfigurationError(key: SettingKey.mailFrom.environmentVariable, problem: "\(error)")
        }
    }
}
