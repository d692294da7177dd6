import Foundation

/// How a finish ended.
public enum Bitrix24FinishOutcome: Sendable, Hashable {
    /// The portal finished the call now.
    case finished(Bitrix24FinishedCall)
    /// The portal no longer knows the call and an earlier attempt may have reached it: the lost answer
    /// of that attempt was the success.
    case alreadyFinished(callID: String)
}
