import Categorization
import Foundation
import Synchronization

/// Trains the global model once per process on a thread of its own and hands it to every waiter.
///
/// Training takes a fraction of a second in a release build and a few seconds in a debug build. A `static let`
/// would run it inside `swift_once`, blocking whichever threads of Swift's cooperative pool touch it first — on a
/// two-core machine, the whole pool — and every other request and service in the process would stall meanwhile.
/// Waiters here suspend instead.
public final class GlobalModelLoader: Sendable {
    private enum State {
        case idle
        case training([CheckedContinuation<LearnedModel, Never>])
        case ready(LearnedModel)
    }

    private let state = Mutex<State>(.idle)
    private let train: @Sendable () -> LearnedModel

    public init(train: @escaping @Sendable () -> LearnedModel) {
        self.train = train
    }

    /// The model, training it on first use.
    public func model() async -> LearnedModel {
        await withCheckedContinuation { continuation in
            let action: (start: Bool, ready: LearnedModel?) = state.withLock { state in
                switch state {
                case .idle:
                    state = .training([continuation])
                    return (true, nil)
                case .training(var waiting):
                    waiting.append(continuation)
                    state = .training(waiting)
                    return (false, nil)
                case .ready(let model):
                    return (false, model)
                }
            }
            if let ready = action.ready { continuation.resume(returning: ready) }
            if action.start { start() }
        }
    }

    /// Starts training now (at service start), so the first request does not wait for it.
    public func warm() {
        let begin = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .training([])
            return true
        }
        if begin { start() }
    }

    private func start() {
        let thread = Thread { [self] in
            let model = train()
            let waiting = state.withLock { state -> [CheckedContinuation<LearnedModel, Never>] in
                guard case .training(let waiting) = state else { return [] }
                state = .ready(model)
                return waiting
            }
            for continuation in waiting { continuation.resume(returning: model) }
        }
        thread.name = "categorizer-global-model"
        thread.stackSize = 8 << 20
        thread.start()
    }
}
