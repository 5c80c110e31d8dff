import Testing

/// The analytics endpoint suites, one at a time: each starts four services and two stores, and several clusters at
/// once starve the rest of the test process (the event-log tests timed out beside them).
@Suite("Analytics endpoints", .serialized)
struct AnalyticsEndpointSuites {}
