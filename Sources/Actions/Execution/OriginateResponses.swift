/// Keeps a failed Originate's end of its call in the order of the AMI stream. Asterisk sends a call's channel events
/// before the `OriginateResponse` that reports the failure, and the AMI client hands that response both to the
/// Originate's caller and to the event stream; the call must end only once the pipeline has handled the events before
/// it (so a channel that rang and hung up is part of the call's story), whichever of the two comes first.
///
/// A pure state machine keyed by the response's ActionID: ``failed(_:callID:cause:)`` when the Originate's result
/// comes back, ``handled(_:)`` when the pipeline has run a batch of events holding responses; each returns the calls
/// to end now.
struct OriginateResponses {
    /// Failed Originates whose response the pipeline has not handled yet, by ActionID.
    private var waiting: [String: (callID: String, cause: String)] = [:]
    /// ActionIDs of responses handled recently (any session's: the event is broadcast), oldest first.
    private var handledOrder: [String] = []
    private var handledSet: Set<String> = []
    /// How many handled responses are remembered.
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The Originate with this ActionID failed: the call to end now when its response was handled already.
    mutating func failed(_ actionID: String, callID: String, cause: String) -> (callID: String, cause: String)? {
        if handledSet.contains(actionID) { return (callID, cause) }
        waiting[actionID] = (callID, cause)
        return nil
    }

    /// The pipeline handled events holding these responses' ActionIDs: the calls waiting for them end now.
    mutating func handled(_ actionIDs: [String]) -> [(callID: String, cause: String)] {
        var ending: [(callID: String, cause: String)] = []
        for actionID in actionIDs {
            if let call = waiting.removeValue(forKey: actionID) {
                ending.append(call)
                continue
            }
            guard handledSet.insert(actionID).inserted else { continue }
            handledOrder.append(actionID)
            if handledOrder.count > capacity { handledSet.remove(handledOrder.removeFirst()) }
        }
        return ending
    }

    /// The link was lost: whatever still waits for its response ends now.
    mutating func flush() -> [(callID: String, cause: String)] {
        defer { waiting.removeAll() }
        return waiting.sorted { $0.key < $1.key }.map(\.value)
    }
}
