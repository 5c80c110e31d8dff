import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Platform

/// Makes a screen's upstream calls concurrently, each with the caller's `Authorization` and its own deadline,
/// and turns every answer or failure into a section result; it never throws, so one failing service costs the
/// page one section, not the whole screen.
struct BFFFanOut: Sendable {
    /// Per call, covering the answer's head and body. A screen waits for its slowest section, so a slow service
    /// may hold the page this long at most; past it the section is marked unavailable and the page renders the rest.
    static let callTimeout: Duration = .seconds(2)
    /// Section payloads are summaries for one screen; anything larger is a bug upstream, not data to relay.
    static let maxBodyBytes = 8 << 20

    let client: ServiceHTTPClient
    let baseURLs: [ServiceName: String]
    let timeout: Duration
    let metrics: ServiceMetrics?

    init(settings: PlatformSettings, client: ServiceHTTPClient, metrics: ServiceMetrics?, timeout: Duration = callTimeout) {
        self.client = client
        self.baseURLs = Dictionary(uniqueKeysWithValues: ServiceName.upstreams.map { ($0, settings.url(of: $0)) })
        self.timeout = timeout
        self.metrics = metrics
    }

    /// The results of `calls`, in the order given.
    func run(_ calls: [BFFCall], authorization: String?, logger: Logger) async -> [BFFSectionResult] {
        await withTaskGroup(of: (Int, BFFSectionResult).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask { (index, await self.perform(call, authorization: authorization, logger: logger)) }
            }
            var results: [BFFSectionResult?] = Array(repeating: nil, count: calls.count)
            for await (index, result) in group {
                results[index] = result
            }
            return results.compactMap { $0 }
        }
    }

    func perform(_ call: BFFCall, authorization: String?, logger: Logger) async -> BFFSectionResult {
        let started = ContinuousClock.now
        let outcome: BFFOutcome
        do {
            outcome = try await withDeadline(timeout) { try await self.fetch(call, authorization: authorization) }
        } catch {
            logger.debug(
                "BFF section unavailable",
                metadata: ["section": .string(call.section), "upstream": .string(call.service.rawValue), "error": .string(String(describing: error))]
            )
            outcome = BFFOutcome.failure(error, service: call.service, timeout: timeout)
        }
        metrics?.counter(
            "bff_sections", help: "Sections of dashboard (BFF) answers, by upstream and outcome",
            labels: [("upstream", call.service.rawValue), ("status", outcome.statusLabel)]
        ).increment()
        return BFFSectionResult(call: call, outcome: outcome, duration: ContinuousClock.now - started)
    }

    private func fetch(_ call: BFFCall, authorization: String?) async throws -> BFFOutcome {
        var request = HTTPClientRequest(url: (baseURLs[call.service] ?? "") + call.path)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization {
            request.headers.add(name: "Authorization", value: authorization)
        }
        // The client forwards X-Request-Id from the request's task-local scope, which child tasks inherit.
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maxBodyBytes)
        return BFFOutcome.classify(service: call.service, status: Int(response.status.code), body: Data(buffer: body))
    }
}
