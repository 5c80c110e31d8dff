import Hummingbird
import Platform

/// The webhook service (port 8010): customer endpoints, event subscriptions, signed deliveries, retries, logs and replay.
///
/// It consumes the event log and delivers to customers' systems.
public enum WebhookService {
    /// Schema changes of this service's store, in order (the platform's own tables come first automatically).
    public static let migrations: [Migration] = []

    public static let blueprint = ServiceApplication.Blueprint(
        title: "M-PESA Analytics — webhook service",
        description: "Webhook endpoints, subscriptions, signed delivery with retries, delivery logs and replay.",
        requiredUpstreams: []
    )

    /// Builds the service's HTTP application; the executable and the tests both call this.
    public static func makeApplication(configuration: PlatformSettings, dependencies: ServiceDependencies) -> some ApplicationProtocol {
        ServiceApplication.make(blueprint: blueprint, configuration: configuration, dependencies: dependencies) { _ in }
    }
}
