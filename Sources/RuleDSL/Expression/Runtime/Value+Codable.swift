public import JSONCoding

/// JSON (or any `Codable` format) for values, exact on the round trip — used to keep call bindings and variables
/// across restarts.
///
/// The encoding is natural where JSON is unambiguous, tagged where it is not:
///
/// | value | encoded as |
/// |---|---|
/// | `null`, `bool`, `string`, `list` | JSON `null`, `true`/`false`, `"text"`, `[…]` |
/// | `int` | a JSON integer: `42` |
/// | `double` | `{"$double": 1.5}` (so `1.0` stays a double); NaN, ±infinity as `"nan"`, `"inf"`, `"-inf"` |
/// | `map` | a JSON object: `{"k": …}` |
/// | `deferred(.reference(p))` | `{"$deferred": ["call", "b24"]}` (the path) |
/// | `deferred(.concatenation(parts))` | `{"$concat": [parts…]}` (each part a value, deferred ones tagged) |
/// | `deferred(.fallback(a, b))` | `{"$fallback": [a, b]}` (`a ?? b` with `a` deferred) |
///
/// A map whose only key is one of the tags (`$double`, `$deferred`, `$concat`, `$fallback`, `$map`) is wrapped as
/// `{"$map": {…}}`, so every map survives. Decoding a bare JSON number that does not fit an `Int` gives a `double`
/// (JSON written by someone else); every value this encoder writes decodes to an equal value (NaN to NaN).
extension Value: JSONScalarRepresentable, Codable {
    /// The tags of the values JSON cannot hold naturally.
    enum CodingTag: String, CaseIterable {
        case double = "$double"
        case deferred = "$deferred"
        case concatenation = "$concat"
        case fallback = "$fallback"
        case map = "$map"
    }

    struct FieldKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .int(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .list(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .double(let number):
            var container = encoder.container(keyedBy: FieldKey.self)
            let key = FieldKey(CodingTag.double.rawValue)
            if number.isNaN {
                try container.encode("nan", forKey: key)
            } else if number.isInfinite {
                try container.encode(number < 0 ? "-inf" : "inf", forKey: key)
            } else {
                try container.encode(number, forKey: key)
            }
        case .map(let entries):
            var container = encoder.container(keyedBy: FieldKey.self)
            if entries.count == 1, let key = entries.keys.first, CodingTag(rawValue: key) != nil {
                try container.encode(entries, forKey: FieldKey(CodingTag.map.rawValue))
            } else {
                for (key, element) in entries { try container.encode(element, forKey: FieldKey(key)) }
            }
        case .deferred(.reference(let reference)):
            var container = encoder.container(keyedBy: FieldKey.self)
            try container.encode(reference.path, forKey: FieldKey(CodingTag.deferred.rawValue))
        case .deferred(.concatenation(let parts)):
            var container = encoder.container(keyedBy: FieldKey.self)
            try container.encode(parts, forKey: FieldKey(CodingTag.concatenation.rawValue))
        case .deferred(.fallback(let preferred, let otherwise)):
            var container = encoder.container(keyedBy: FieldKey.self)
            try container.encode([preferred, otherwise], forKey: FieldKey(CodingTag.fallback.rawValue))
        }
    }

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: FieldKey.self) {
            self = try Self.decodeObject(object)
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [Value] = []
            if let count = array.count { elements.reserveCapacity(count) }
            while !array.isAtEnd { elements.append(try array.decode(Value.self)) }
            self = .list(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        guard let scalar = container.decodeScalar(as: Value.self) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "not a value: expected null, bool, number, string, list or map"
            )
        }
        self = scalar
    }

    private static func decodeObject(_ object: KeyedDecodingContainer<FieldKey>) throws -> Value {
        let keys = object.allKeys
        if keys.count == 1, let key = keys.first, let tag = CodingTag(rawValue: key.stringValue) {
            switch tag {
            case .double:
                if let number = try? object.decode(Double.self, forKey: key) { return .double(number) }
                let text = try object.decode(String.self, forKey: key)
                switch text {
                case "nan": return .double(.nan)
                case "inf": return .double(.infinity)
                case "-inf": return .double(-.infinity)
                default:
                    throw DecodingError.dataCorruptedError(
                        forKey: key,
                        in: object,
                        debugDescription: "not a double: \"\(text)\""
                    )
                }
            case .deferred:
                return .deferred(.reference(DeferredReference(try object.decode([String].self, forKey: key))))
            case .concatenation:
                return .deferred(.concatenation(try object.decode([Value].self, forKey: key)))
            case .fallback:
                let pair = try object.decode([Value].self, forKey: key)
                guard pair.count == 2 else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key,
                        in: object,
                        debugDescription: "a fallback holds two values"
                    )
                }
                return .deferred(.fallback(pair[0], pair[1]))
            case .map:
                return .map(try object.decode([String: Value].self, forKey: key))
            }
        }
        var entries: [String: Value] = [:]
        entries.reserveCapacity(keys.count)
        for key in keys { entries[key.stringValue] = try object.decode(Value.self, forKey: key) }
        return .map(entries)
    }
}
