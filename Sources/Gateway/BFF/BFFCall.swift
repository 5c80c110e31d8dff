import Platform

/// One upstream call behind a section of a BFF answer: the service, the path with its query, and the name of the
/// section its answer appears under.
struct BFFCall: Sendable, Equatable {
    var section: String
    var service: ServiceName
    var path: String
    /// A 401 from this call means the caller's session is gone (auth's `/v1/me`), which fails the whole answer
    /// instead of one section: the page must send the user to sign in, not render error states.
    var checksSession: Bool

    init(_ section: String, _ service: ServiceName, _ path: String, checksSession: Bool = false) {
        self.section = section
        self.service = service
        self.path = path
        self.checksSession = checksSession
    }
}
