import Foundation

/// The answer did not have the shape the method promises.
public struct Bitrix24DecodingProblem: Error, Sendable {
    /// What was missing or wrong.
    public let detail: String
    init(_ detail: String) { self.detail = detail }
}
