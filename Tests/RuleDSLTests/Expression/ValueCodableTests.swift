import Foundation
import RuleDSL
import Testing

/// Values to JSON and back: exact, int and double kept apart, deferred results kept symbolic.
@Suite("Value as JSON")
struct ValueCodableTests {
    static func json(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    static func roundTrip(_ value: Value) throws -> Value {
        try decode(try json(value))
    }

    static let pending = Value.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))

    @Test(
        "every kind round-trips exactly",
        arguments: [
            Value.null, .bool(true), .bool(false), .int(0), .int(-42), .int(Int.max), .int(Int.min),
            .double(1.0), .double(-0.5), .double(0.1), .double(1e300), .double(-2.2250738585072014e-308), .double(3),
            .string(""), .string("Привет, \"мир\"\n\t\u{0}"), .list([]), .map([:]),
            .list([.int(1), .double(1), .string("1"), .bool(true), .null]),
            .map(["call_id": "externalCall.abc", "crm": .map(["id": 7, "type": "LEAD"]), "score": 0.75, "none": .null]),
            pending,
            .deferred(.concatenation([.string("Call "), pending, .string(" from "), .int(201)])),
            .map(["b24": pending, "ids": .list([pending, 5])]),
            .map(["$double": 1]), .map(["$deferred": "x"]), .map(["$concat": []]), .map(["$map": .map(["$map": 2])]),
            .map(["$double": 1, "other": 2]),
        ]
    )
    func roundTrip(value: Value) throws {
        #expect(try Self.roundTrip(value) == value)
    }

    @Test("int and double stay apart: 1 is an int, 1.0 a tagged double")
    func intAndDouble() throws {
        #expect(try Self.json(.int(1)) == "1")
        #expect(try Self.json(.double(1)) == #"{"$double":1}"#)
        #expect(try Self.decode("1") == .int(1))
        #expect(try Self.decode(#"{"$double":1}"#) == .double(1))
        #expect(try Self.decode(#"{"$double":1.5}"#) == .double(1.5))
    }

    @Test("natural JSON where it is unambiguous")
    func naturalForm() throws {
        let value: Value = ["b24": ["call_id": "X", "n": 2, "ok": true, "list": [1, "a", nil]]]
        #expect(try Self.json(value) == #"{"b24":{"call_id":"X","list":[1,"a",null],"n":2,"ok":true}}"#)
        #expect(try Self.json(Self.pending) == #"{"$deferred":["call","b24","call_id"]}"#)
        #expect(try Self.json(.map(["$double": 1])) == #"{"$map":{"$double":1}}"#)
    }

    @Test("NaN and infinities survive as tagged text")
    func nonFinite() throws {
        guard case .double(let nan) = try Self.roundTrip(.double(.nan)) else {
            Issue.record("NaN did not come back as a double")
            return
        }
        #expect(nan.isNaN)
        #expect(try Self.roundTrip(.double(.infinity)) == .double(.infinity))
        #expect(try Self.roundTrip(.double(-.infinity)) == .double(-.infinity))
        #expect(try Self.json(.double(-.infinity)) == #"{"$double":"-inf"}"#)
    }

    @Test("JSON written elsewhere: a bare fraction or a number too large for an int reads as a double")
    func foreignNumbers() throws {
        #expect(try Self.decode("1.5") == .double(1.5))
        #expect(try Self.decode("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test(
        "bad input throws a DecodingError, never crashes",
        arguments: [
            #"{"$double":"often"}"#, #"{"$deferred":"call.b24"}"#, #"{"$deferred":[1,2]}"#, #"{"$concat":{}}"#,
            #"{"$map":[1]}"#, "[1,", "",
        ]
    )
    func badInput(text: String) {
        #expect(throws: (any Error).self) { try Self.decode(text) }
    }
}
