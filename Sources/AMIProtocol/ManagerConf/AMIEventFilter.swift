#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One manager.conf `eventfilter` line, legacy (`eventfilter = !Event: Newexten`, a POSIX regex over the whole
/// event) or advanced (`eventfilter(action(exclude),name(Newexten)) =`, Asterisk 18.26, 20.11, 21.6, 22.1 and
/// later), parsed and matched the way manager.c's `add_filter()` and `filter_cmp_fn()` do.
public struct AMIEventFilter: Sendable, Hashable, CustomStringConvertible {
    /// Whether matching events are kept or dropped.
    public enum Action: String, Sendable, Hashable {
        case include, exclude
    }

    /// How the pattern is compared (`method(…)`).
    public enum Method: String, Sendable, Hashable {
        case regex, exact, none
        case startsWith = "starts_with"
        case endsWith = "ends_with"
        case contains
    }

    public var action: Action
    /// `name(…)`: the exact event name, if given.
    public var eventName: String?
    /// `header(…)`: the header whose value is compared (without the colon), if given.
    public var header: String?
    public var method: Method
    /// The value after `=`, without a leading `!`.
    public var pattern: String
    /// The line as written, `key = value`.
    public let line: String

    /// Parses `key = value` of one manager.conf line, where `key` is `eventfilter` or `eventfilter(…)`.
    public init(key: String, value: String) throws(AMIEventFilterError) {
        line = value.isEmpty ? "\(key) =" : "\(key) = \(value)"
        var pattern = Substring(value)
        var action = Action.include
        if pattern.first == "!" {
            action = .exclude
            pattern = pattern.dropFirst()
        }
        self.pattern = String(pattern)
        guard let open = key.firstIndex(of: "(") else {
            guard !pattern.isEmpty else { throw .emptyPattern(line: line) }
            self.action = action
            method = .regex
            try Self.checkRegex(self.pattern, line: line)
            return
        }
        var options = key[key.index(after: open)...].trimmingSpaces
        guard options.hasSuffix(")") else { throw .malformed(line: line, detail: "the options do not end in )") }
        options = options.dropLast()
        var method = Method.none
        var found = false
        for option in Self.options(options) {
            found = true
            switch option.name {
            case "action":
                guard let chosen = Action(rawValue: option.value) else {
                    throw .malformed(line: line, detail: "unknown action(\(option.value))")
                }
                action = chosen
            case "name":
                guard !option.value.isEmpty else { throw .malformed(line: line, detail: "name() is empty") }
                eventName = option.value
            case "header":
                guard !option.value.isEmpty else { throw .malformed(line: line, detail: "header() is empty") }
                header = option.value.hasSuffix(":") ? String(option.value.dropLast()) : option.value
            case "method":
                guard let chosen = Method(rawValue: option.value) else {
                    throw .malformed(line: line, detail: "unknown method(\(option.value))")
                }
                method = chosen
            default:
                throw .malformed(line: line, detail: "unknown option \(option.name)")
            }
        }
        guard found else { throw .malformed(line: line, detail: "no action, name, header or method") }
        if pattern.isEmpty, method != .none {
            throw .malformed(line: line, detail: "method(\(method.rawValue)) needs a value after =")
        }
        if !pattern.isEmpty, method == .none {
            throw .malformed(line: line, detail: "a value after = needs a method(…) other than none")
        }
        if eventName == nil, header == nil, method == .none {
            throw .malformed(line: line, detail: "no name, no header and no value: it would match nothing useful")
        }
        if method == .regex { try Self.checkRegex(self.pattern, line: line) }
        self.action = action
        self.method = method
    }

    /// Creates an advanced filter (what `engine asterisk manager-conf` writes).
    public init(
        _ action: Action,
        name: String? = nil,
        header: String? = nil,
        method: Method = .none,
        pattern: String = ""
    ) {
        self.action = action
        self.eventName = name
        self.header = header
        self.method = method
        self.pattern = pattern
        var options = ["action(\(action.rawValue))"]
        if let name { options.append("name(\(name))") }
        if let header { options.append("header(\(header))") }
        if method != .none { options.append("method(\(method.rawValue))") }
        line = "eventfilter(\(options.joined(separator: ","))) =" + (pattern.isEmpty ? "" : " \(pattern)")
    }

    /// Whether the filter matches `message` (before `action` decides what that means).
    public func matches(_ message: AMIMessage) -> Bool {
        if let eventName, message.name != eventName { return false }
        guard let header else { return compare(Self.eventText(of: message)) }
        for line in message.headers where line.name == header {
            let value = line.value.drop { $0 == " " || $0 == "\t" }
            if !value.isEmpty, compare(String(value)) { return true }
        }
        return false
    }

    private func compare(_ text: String) -> Bool {
        switch method {
        case .none: true
        case .exact: text == pattern
        case .startsWith: text.hasPrefix(pattern)
        case .endsWith: text.hasSuffix(pattern)
        case .contains: text.contains(pattern)
        case .regex: Self.regexMatches(pattern, text)
        }
    }

    public var description: String { line }

    public static func == (lhs: AMIEventFilter, rhs: AMIEventFilter) -> Bool { lhs.line == rhs.line }
    public func hash(into hasher: inout Hasher) { hasher.combine(line) }

    /// The event as Asterisk matches legacy filters against it: `Key: Value\r\n` lines.
    static func eventText(of message: AMIMessage) -> String {
        message.headers.map { "\($0.name): \($0.value)\r\n" }.joined()
    }

    /// `name(value)` pairs of an advanced key, split the way manager.c's `strtok_r(" ,)")` does.
    private static func options(_ text: Substring) -> [(name: String, value: String)] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ")" }).map { token in
            guard let open = token.firstIndex(of: "(") else { return (String(token), "") }
            return (String(token[..<open]), String(token[token.index(after: open)...].trimmingSpaces))
        }
    }

    private static func checkRegex(_ pattern: String, line: String) throws(AMIEventFilterError) {
        var compiled = regex_t()
        guard regcomp(&compiled, pattern, REG_EXTENDED | REG_NOSUB) == 0 else {
            throw .malformed(line: line, detail: "the regular expression does not compile")
        }
        regfree(&compiled)
    }

    /// POSIX extended regex search, as Asterisk's `regexec()`; a pattern that does not compile matches nothing.
    static func regexMatches(_ pattern: String, _ text: String) -> Bool {
        var compiled = regex_t()
        guard regcomp(&compiled, pattern, REG_EXTENDED | REG_NOSUB) == 0 else { return false }
        defer { regfree(&compiled) }
        return regexec(&compiled, text, 0, nil, 0) == 0
    }
}

/// Why an `eventfilter` line is refused (Asterisk logs a warning and ignores such a line).
public enum AMIEventFilterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A legacy filter without a pattern.
    case emptyPattern(line: String)
    /// The options or the pattern are not what Asterisk accepts.
    case malformed(line: String, detail: String)

    public var description: String {
        switch self {
        case .emptyPattern(let line): "\(line): a legacy filter needs a pattern"
        case .malformed(let line, let detail): "\(line): \(detail)"
        }
    }
}
