import Engine
import Foundation
import RuleDSL

/// Typed access to an intent's resolved arguments, with errors that name the argument.
struct IntentArguments {
    let action: String
    let values: [String: Value]

    func string(_ name: String) throws(ExecutionError) -> String {
        guard let value = optionalString(name) else { throw .missingArgument(action: action, argument: name) }
        return value
    }

    func optionalString(_ name: String) -> String? {
        switch values[name] {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .double(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        default: nil
        }
    }

    func int(_ name: String) throws(ExecutionError) -> Int {
        guard let value = try optionalInt(name) else { throw .missingArgument(action: action, argument: name) }
        return value
    }

    func optionalInt(_ name: String) throws(ExecutionError) -> Int? {
        switch values[name] {
        case nil, .null?: return nil
        case .int(let number)?: return number
        case .double(let number)? where number.rounded() == number && abs(number) < 1e15: return Int(number)
        case .string(let text)?:
            guard let number = Int(text) else {
                throw .wrongType(action: action, argument: name, expected: "an integer")
            }
            return number
        default: throw .wrongType(action: action, argument: name, expected: "an integer")
        }
    }

    func optionalDouble(_ name: String) -> Double? {
        switch values[name] {
        case .int(let number)?: Double(number)
        case .double(let number)?: number
        case .string(let text)?: Double(text)
        default: nil
        }
    }

    /// An ISO-8601 date-time with its offset (`2026-11-25T02:50:12+03:00`, `…Z`, fractions allowed).
    func optionalDate(_ name: String) throws(ExecutionError) -> Date? {
        guard let text = optionalString(name) else { return nil }
        // Foundation's ISO-8601 parser, not ISO8601DateFormatter (ICU): fifty times cheaper, and every register reads
        // a date.
        let date =
            (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
        guard let date else {
            throw .wrongType(action: action, argument: name, expected: "an ISO-8601 date-time with its offset")
        }
        return date
    }

    func optionalBool(_ name: String) -> Bool? {
        if case .bool(let flag)? = values[name] { return flag }
        return nil
    }

    func ints(_ name: String) throws(ExecutionError) -> [Int] {
        guard case .list(let elements)? = values[name] else { throw .missingArgument(action: action, argument: name) }
        var numbers: [Int] = []
        for element in elements {
            switch element {
            case .int(let number): numbers.append(number)
            case .string(let text) where Int(text) != nil: numbers.append(Int(text) ?? 0)
            default: throw .wrongType(action: action, argument: name, expected: "a list of user ids")
            }
        }
        return numbers
    }

    func stringMap(_ name: String) -> [(String, String)] {
        guard case .map(let entries)? = values[name] else { return [] }
        return entries.keys.sorted().compactMap { key in
            switch entries[key] {
            case .string(let text)?: (key, text)
            case .int(let number)?: (key, String(number))
            default: nil
            }
        }
    }
}
