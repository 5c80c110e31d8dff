import Synchronization

/// One replica of an upstream, shared by every event loop: its requests in flight (for least-outstanding
/// balancing) and whether the active health checks currently see it up.
final class Replica: Sendable {
    let address: ReplicaAddress
    let index: Int
    private let outstandingCount = Atomic<Int>(0)
    private let up = Atomic<Bool>(true)

    init(address: ReplicaAddress, index: Int) {
        self.address = address
        self.index = index
    }

    var outstanding: Int { outstandingCount.load(ordering: .relaxed) }
    var isHealthy: Bool { up.load(ordering: .relaxed) }

    func requestStarted() { outstandingCount.add(1, ordering: .relaxed) }
    func requestFinished() { outstandingCount.subtract(1, ordering: .relaxed) }

    /// Returns true when the state changed.
    func setHealthy(_ healthy: Bool) -> Bool {
        up.exchange(healthy, ordering: .relaxed) != healthy
    }
}
