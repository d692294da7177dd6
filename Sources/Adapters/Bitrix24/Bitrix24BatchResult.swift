import Foundation

/// What a `batch` answered: per-command results and errors (the HTTP call itself succeeded).
public struct Bitrix24BatchResult: Sendable {
    /// Results of the commands that succeeded, by key.
    public let results: [String: Bitrix24Value]
    /// Errors of the commands that failed, by key, classified like single calls (status unknown: 200).
    public let errors: [String: Bitrix24Error]
    /// `result_total`: totals of list commands, by key.
    public let totals: [String: Int]
    /// `result_next`: next-page offsets of list commands, by key.
    public let nexts: [String: Int]

    /// Keys that neither succeeded nor failed (not run because of `halt`).
    public func notRun(of commands: [Bitrix24BatchCommand]) -> [String] {
        commands.map(\.key).filter { results[$0] == nil && errors[$0] == nil }
    }
}
