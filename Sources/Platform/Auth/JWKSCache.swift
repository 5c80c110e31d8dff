import Foundation
import JWTKit
import Logging

/// The public keys of the auth service, fetched from its JWKS URL and cached for every token check.
///
/// - Fresh keys are served from memory; after `freshFor` they are still served while one background fetch
///   replaces them (stale-while-revalidate).
/// - A token naming an unknown `kid` (a key rotated in since the last fetch) triggers a refetch, at most once
///   per `unknownKeyCooldown`, so random `kid`s cannot turn into a flood of fetches.
/// - Concurrent callers share one fetch (single flight).
/// - A failed fetch keeps the old keys; with no keys at all, callers get ``JWKSError/unavailable(_:)``, and
///   fetches back off for `failureBackoff` so a down auth service is not hammered.
public actor JWKSCache {
    /// Fetches the JWKS document; the default reads the URL with the service HTTP client.
    public typealias Fetch = @Sendable () async throws -> String

    struct Snapshot: Sendable {
        let keys: JWTKeyCollection
        let keyIDs: Set<String>
        let fetchedAt: Date
    }

    private let fetch: Fetch
    private let time: TimeSource
    private let freshFor: TimeInterval
    private let unknownKeyCooldown: TimeInterval
    private let failureBackoff: TimeInterval
    private let logger: Logger
    private var snapshot: Snapshot?
    private var inflight: Task<Snapshot, any Error>?
    /// When a token with an unknown `kid` last caused a fetch (the cooldown applies to those fetches only).
    private var lastUnknownKeyFetch: Date?
    private var lastFailure: Date?
    /// How many fetches were started; tests and metrics read it.
    public private(set) var fetchCount = 0

    public init(
        fetch: @escaping Fetch,
        time: TimeSource = .system,
        freshFor: TimeInterval = 300,
        unknownKeyCooldown: TimeInterval = 30,
        failureBackoff: TimeInterval = 5,
        logger: Logger = Logger(label: "jwks")
    ) {
        self.fetch = fetch
        self.time = time
        self.freshFor = freshFor
        self.unknownKeyCooldown = unknownKeyCooldown
        self.failureBackoff = failureBackoff
        self.logger = logger
    }

    /// A cache that reads the JWKS from `url` with `client`.
    public init(url: String, client: ServiceHTTPClient, time: TimeSource = .system, logger: Logger = Logger(label: "jwks")) {
        self.init(
            fetch: { try await client.getText(url: url, timeout: .seconds(5)) },
            time: time,
            logger: logger
        )
    }

    /// The key collection that can verify a token with `keyID`, fetching or refetching as described above.
    public func keys(for keyID: String?) async throws(JWKSError) -> JWTKeyCollection {
        let now = time.now
        if let snapshot {
            if keyID == nil || snapshot.keyIDs.contains(keyID!) {
                if now.timeIntervalSince(snapshot.fetchedAt) >= freshFor, inflight == nil, !inFailureBackoff(now) {
                    Task { try? await self.refresh() }
                }
                return snapshot.keys
            }
            if let lastUnknownKeyFetch, now.timeIntervalSince(lastUnknownKeyFetch) < unknownKeyCooldown {
                throw .unknownKey(keyID ?? "")
            }
            lastUnknownKeyFetch = now
            if let fresh = try? await refresh(), keyID.map(fresh.keyIDs.contains) ?? true {
                return fresh.keys
            }
            throw .unknownKey(keyID ?? "")
        }
        if inFailureBackoff(now), inflight == nil {
            throw .unavailable("the key server failed moments ago; retrying shortly")
        }
        do {
            let fresh = try await refresh()
            guard keyID.map(fresh.keyIDs.contains) ?? true else { throw JWKSError.unknownKey(keyID ?? "") }
            return fresh.keys
        } catch let error as JWKSError {
            throw error
        } catch {
            throw .unavailable(ErrorText.short(error))
        }
    }

    /// The key ids currently cached.
    public var cachedKeyIDs: Set<String> { snapshot?.keyIDs ?? [] }

    private func inFailureBackoff(_ now: Date) -> Bool {
        guard let lastFailure else { return false }
        return now.timeIntervalSince(lastFailure) < failureBackoff
    }

    /// Fetches once for all concurrent callers and installs the result; on failure the old keys stay.
    private func refresh() async throws -> Snapshot {
        if let inflight { return try await inflight.value }
        fetchCount += 1
        let fetch = self.fetch
        let time = self.time
        let task = Task { try await Self.load(fetch: fetch, time: time) }
        inflight = task
        do {
            let fresh = try await task.value
            inflight = nil
            snapshot = fresh
            lastFailure = nil
            logger.debug("fetched JWKS", metadata: ["kids": .string(fresh.keyIDs.sorted().joined(separator: ","))])
            return fresh
        } catch {
            inflight = nil
            lastFailure = time.now
            logger.warning("JWKS fetch failed; keeping \(snapshot?.keyIDs.count ?? 0) cached keys", metadata: ["error": .string(ErrorText.short(error))])
            throw error
        }
    }

    private static func load(fetch: Fetch, time: TimeSource) async throws -> Snapshot {
        let text = try await fetch()
        let jwks: JWKS
        do {
            jwks = try JSONDecoder().decode(JWKS.self, from: Data(text.utf8))
        } catch {
            throw JWKSError.unavailable("the key server answered something that is not a JWKS document")
        }
        let collection = JWTKeyCollection()
        var ids: Set<String> = []
        for key in jwks.keys {
            // Keys of types we cannot use (or malformed ones) are skipped rather than poisoning the whole set.
            guard let kid = key.keyIdentifier?.string else { continue }
            if (try? await collection.add(jwk: key)) != nil { ids.insert(kid) }
        }
        guard !ids.isEmpty else { throw JWKSError.unavailable("the JWKS document holds no usable keys") }
        return Snapshot(keys: collection, keyIDs: ids, fetchedAt: time.now)
    }
}

/// Why token keys could not be provided.
public enum JWKSError: Error, Sendable, Equatable {
    /// The token names a key the auth service does not publish.
    case unknownKey(String)
    /// No keys are cached and the key server cannot be reached.
    case unavailable(String)
}
