import Adapters
import Engine
import RuleDSL

/// A lookup's outcome as the rules read it (the portal's answer decoded, or why there is none). Made from a
/// ``LookupOutcome`` in the session's task, before the pipeline's step: decoding is not serial work.
struct LandedLookup: Sendable {
    /// What was asked.
    let request: LookupRequest
    /// The result as `call.<as>` reads it; nil when the lookup failed.
    let value: Value?
    /// Why there is no value.
    let error: String?

    /// `outcome`, decoded.
    init(_ outcome: LookupOutcome) {
        request = outcome.request
        switch outcome.result {
        case .success(let raw):
            (value, error) = CallPipeline.decode(raw, action: .searchCRM)
        case .failure(let failure):
            value = nil
            error = failure.description
        }
    }

    /// A lookup that failed with `failure`.
    init(_ request: LookupRequest, failure: LookupFailure) {
        self.request = request
        value = nil
        error = failure.description
    }
}
