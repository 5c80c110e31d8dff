/// One section of a BFF answer: the call, its outcome, and how long it took.
struct BFFSectionResult: Sendable, Equatable {
    var call: BFFCall
    var outcome: BFFOutcome
    var duration: Duration
}
