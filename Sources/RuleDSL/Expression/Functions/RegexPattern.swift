internal import RE2Shim

/// A compiled regular expression for `matches()` and `|regex` matchers: RE2 syntax, unanchored search as in
/// CEL (`"PJSIP/201".matches("^PJSIP/")` is true, use `^…$` for a whole-string match).
///
/// RE2 guarantees time linear in the subject and memory bounded by ``memoryLimit``: no pattern, however
/// written, can stall the event pump by backtracking (`(a+)+$` on 4,000 characters takes microseconds).
/// The price is RE2's syntax: no backreferences and no look-around; such a pattern does not compile, so
/// `engine lint` reports it (E309) and the rules do not load. Immutable after creation, hence safe to share
/// across tasks.
public final class RegexPattern: @unchecked Sendable {
    /// The most memory one compiled pattern may use (its program and the automata built while matching).
    /// A pattern that needs more does not compile.
    public static let memoryLimit = 8 << 20

    private let compiled: OpaquePointer

    /// Compiles `pattern`, or returns the reason it is invalid.
    public static func compile(_ pattern: String) -> Result<RegexPattern, EvaluationError> {
        var source = pattern
        var message: UnsafeMutablePointer<CChar>?
        let compiled = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                re2_shim_compile($0.baseAddress, $0.count, Int64(memoryLimit), &message)
            }
        }
        guard let compiled else {
            let reason = message.map { String(cString: $0) } ?? "unknown reason"
            re2_shim_free_message(message)
            return .failure(.invalidArgument("invalid regular expression \(pattern.debugDescription): \(reason)"))
        }
        return .success(RegexPattern(compiled))
    }

    private init(_ compiled: OpaquePointer) {
        self.compiled = compiled
    }

    deinit {
        re2_shim_free(compiled)
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        var subject = text
        return subject.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { re2_shim_partial_match(compiled, $0.baseAddress, $0.count) != 0 }
        }
    }
}
