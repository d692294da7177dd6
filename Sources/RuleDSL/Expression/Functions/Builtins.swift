/// Implementations of the built-in functions (see ``FunctionRegistry/standard(phone:)``).
enum Builtins {
    static func string(_ value: Value, _ function: String) throws(EvaluationError) -> String {
        guard case .string(let text) = value else {
            throw .typeMismatch("\(function)() expects a string, got \(value.typeName)")
        }
        return text
    }

    @Sendable static func size(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .string(let text): .int(text.unicodeScalars.count)
        case .list(let elements): .int(elements.count)
        case .map(let entries): .int(entries.count)
        default: throw .typeMismatch("size() expects a string, list or map, got \(value.typeName)")
        }
    }

    /// Byte-wise substring search over UTF-8 (no Unicode normalisation, as CEL specifies), without
    /// copying native strings.
    static func contains(_ text: String, _ part: String) -> Bool {
        if part.isEmpty { return true }
        var text = text
        var part = part
        text.makeContiguousUTF8()
        part.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { haystack in
            part.utf8.withContiguousStorageIfAvailable { needle in
                search(haystack, needle)
            } ?? false
        } ?? false
    }

    private static func search(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        let last = haystack.count - needle.count
        var index = 0
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count && haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    @Sendable static func matchesDynamic(_ text: Value, _ pattern: Value) throws(EvaluationError) -> Value {
        let subject = try string(text, "matches")
        let source = try string(pattern, "matches")
        switch RegexPattern.compile(source) {
        case .success(let regex): return .bool(regex.matches(subject))
        case .failure(let error): throw error
        }
    }

    /// Compiles a literal pattern once; an invalid literal is a compile-time error.
    @Sendable static func specializeMatches(
        _ constants: [Value?]
    ) throws(FunctionOverload.SpecializationError) -> FunctionOverload.Implementation? {
        guard constants.count == 2, case .string(let source)? = constants[1] else { return nil }
        switch RegexPattern.compile(source) {
        case .success(let regex):
            return .binary { (text, _) throws(EvaluationError) in .bool(regex.matches(try string(text, "matches"))) }
        case .failure(let error):
            throw FunctionOverload.SpecializationError(.invalidRegex, error.description, argument: 1)
        }
    }

    @Sendable static func lookup(_ map: Value, _ key: Value) throws(EvaluationError) -> Value {
        guard case .map(let entries) = map else {
            throw .typeMismatch("lookup() expects a map, got \(map.typeName)")
        }
        guard let name = key.mapKey else {
            throw .typeMismatch("lookup() keys are strings, ints or bools, got \(key.typeName)")
        }
        guard let value = entries[name] else { throw .absent("key \(name.debugDescription)") }
        return value
    }

    @Sendable static func toString(_ value: Value) throws(EvaluationError) -> Value {
        if case .deferred = value { return value }
        return .string(try value.interpolationText())
    }

    @Sendable static func toInt(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .int: return value
        case .double(let number):
            guard number.isFinite, let integer = Int(exactly: number.rounded(.towardZero)) else {
                throw .overflow("int(): \(number) is out of the integer range")
            }
            return .int(integer)
        case .string(let text):
            guard let integer = Int(text.trimmingSpaces) else {
                throw .invalidArgument("int(): \(text.debugDescription) is not a decimal integer")
            }
            return .int(integer)
        case .bool(let flag): return .int(flag ? 1 : 0)
        default: throw .typeMismatch("int() expects a number or text, got \(value.typeName)")
        }
    }

    @Sendable static func toDouble(_ value: Value) throws(EvaluationError) -> Value {
        switch value {
        case .double: return value
        case .int(let number): return .double(Double(number))
        case .string(let text):
            guard let number = Double(text.trimmingSpaces) else {
                throw .invalidArgument("double(): \(text.debugDescription) is not a number")
            }
            return .double(number)
        default: throw .typeMismatch("double() expects a number or text, got \(value.typeName)")
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var slice = Substring(self)
        while let first = slice.first, first == " " { slice = slice.dropFirst() }
        while let last = slice.last, last == " " { slice = slice.dropLast() }
        return slice
    }
}
