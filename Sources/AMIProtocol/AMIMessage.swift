#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One AMI message: an ordered list of headers (duplicate keys kept in order), looked up by name ignoring case.
///
/// The bytes of a message live in one array; headers are offsets into it, so decoding splits every header without
/// building a string per header. Strings are made when a header is read.
public struct AMIMessage: Sendable {
    /// Where one line of the message sits in ``storage``.
    struct Slot: Sendable, Hashable {
        var keyStart: UInt32
        var keyEnd: UInt32
        var valueStart: UInt32
        var valueEnd: UInt32
        /// A line without a colon, kept as it came (`keyStart..<keyEnd` is empty; the line is the value range).
        var isUnparsed: Bool
        /// The value is C-escaped on the wire and holds a backslash (set by the decoder, cleared once unescaped).
        var needsUnescape = false
    }

    // The slot table follows the message bytes: 16 bytes per line (key start, key end, value start with the
    // "unparsed" flag in its top bit, value end), so that a message costs one allocation.

    /// The message bytes, then the slot table.
    let storage: [UInt8]
    private let tableStart: Int
    private let slotCount: Int
    /// The raw text of a `Response: Follows` body (Asterisk ≤13 `Command`), without `--END COMMAND--`.
    let bodyRange: Range<Int>?

    /// Response, event or action: decided by the first key.
    public let kind: AMIMessageKind

    /// Reads the slot at byte `offset` of the slot table.
    @inline(__always)
    static func slot(in raw: UnsafeRawBufferPointer, at offset: Int) -> Slot {
        let valueStart = raw.load(fromByteOffset: offset + 8, as: UInt32.self)
        return Slot(
            keyStart: raw.load(fromByteOffset: offset, as: UInt32.self),
            keyEnd: raw.load(fromByteOffset: offset + 4, as: UInt32.self),
            valueStart: valueStart & 0x7FFF_FFFF,
            valueEnd: raw.load(fromByteOffset: offset + 12, as: UInt32.self),
            isUnparsed: valueStart & 0x8000_0000 != 0
        )
    }

    /// Calls `body` with each line's slot, in order, until it returns false.
    @inline(__always)
    func forEachSlot(_ body: (Slot) throws -> Bool) rethrows {
        try storage.withUnsafeBytes { raw in
            var offset = tableStart
            let end = tableStart + slotCount * 16
            while offset < end {
                if try !body(Self.slot(in: raw, at: offset)) { return }
                offset += 16
            }
        }
    }

    /// Copies `bytes` and `slots` (offsets into `bytes`) into one allocation, unescaping the values whose slot says
    /// so (unescaping only shortens a value, so it happens in place).
    init(copying bytes: UnsafeBufferPointer<UInt8>, slots: [Slot], bodyRange: Range<Int>?, kind: AMIMessageKind) {
        let tableStart = (bytes.count + 3) & ~3
        let total = tableStart + slots.count * 16
        self.storage = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            if let source = bytes.baseAddress { base.initialize(from: source, count: bytes.count) }
            (base + bytes.count).initialize(repeating: 0, count: tableStart - bytes.count)
            let raw = UnsafeMutableRawPointer(base + tableStart)
            var index = 0
            while index < slots.count {
                let slot = slots[index]
                var valueEnd = slot.valueEnd
                if slot.needsUnescape {
                    valueEnd = UInt32(AMIEscaping.unescape(buffer, in: Int(slot.valueStart)..<Int(slot.valueEnd)))
                }
                let offset = index * 16
                raw.storeBytes(of: slot.keyStart, toByteOffset: offset, as: UInt32.self)
                raw.storeBytes(of: slot.keyEnd, toByteOffset: offset + 4, as: UInt32.self)
                raw.storeBytes(
                    of: slot.valueStart | (slot.isUnparsed ? 0x8000_0000 : 0),
                    toByteOffset: offset + 8,
                    as: UInt32.self
                )
                raw.storeBytes(of: valueEnd, toByteOffset: offset + 12, as: UInt32.self)
                index += 1
            }
            initialized = total
        }
        self.tableStart = tableStart
        self.slotCount = slots.count
        self.bodyRange = bodyRange
        self.kind = kind
    }

    /// Builds a message from headers, in order. Values are given decoded (unescaped).
    public init(_ headers: [AMIHeader]) {
        var bytes: [UInt8] = []
        var slots: [Slot] = []
        slots.reserveCapacity(headers.count)
        for header in headers {
            let keyStart = UInt32(bytes.count)
            bytes.append(contentsOf: header.name.utf8)
            let keyEnd = UInt32(bytes.count)
            bytes.append(contentsOf: header.value.utf8)
            slots.append(
                Slot(
                    keyStart: keyStart,
                    keyEnd: keyEnd,
                    valueStart: keyEnd,
                    valueEnd: UInt32(bytes.count),
                    isUnparsed: false
                )
            )
        }
        let kind = bytes.withUnsafeBufferPointer { buffer in
            guard let first = slots.first else { return AMIMessageKind.unknown }
            return AMIMessageKind(
                firstKey: UnsafeBufferPointer(
                    rebasing:
                        buffer[Int(first.keyStart)..<Int(first.keyEnd)]
                )
            )
        }
        self = bytes.withUnsafeBufferPointer { AMIMessage(copying: $0, slots: slots, bodyRange: nil, kind: kind) }
    }

    /// Builds a message from `(name, value)` pairs, in order.
    public init(_ headers: KeyValuePairs<String, String>) {
        self.init(headers.map { AMIHeader($0.key, $0.value) })
    }

    // MARK: Reading headers

    /// The number of headers (lines with a colon).
    public var headerCount: Int {
        var count = 0
        forEachSlot { slot in
            if !slot.isUnparsed { count += 1 }
            return true
        }
        return count
    }

    /// Every header, in wire order, duplicates included.
    public var headers: [AMIHeader] {
        var headers: [AMIHeader] = []
        headers.reserveCapacity(slotCount)
        forEachSlot { slot in
            if !slot.isUnparsed {
                headers.append(AMIHeader(string(slot.keyStart, slot.keyEnd), string(slot.valueStart, slot.valueEnd)))
            }
            return true
        }
        return headers
    }

    /// Lines that had no colon (kept, not dropped), in order.
    public var unparsedLines: [String] {
        var lines: [String] = []
        forEachSlot { slot in
            if slot.isUnparsed { lines.append(string(slot.valueStart, slot.valueEnd)) }
            return true
        }
        return lines
    }

    /// The value of the first header named `name` (ignoring case), or nil.
    public subscript(name: String) -> String? {
        firstSlot(named: name).map { string($0.valueStart, $0.valueEnd) }
    }

    /// Whether a header named `name` (ignoring case) is present.
    public func contains(_ name: String) -> Bool { firstSlot(named: name) != nil }

    /// The values of every header named `name` (ignoring case), in order.
    public func values(named name: String) -> [String] {
        var name = name
        return name.withUTF8 { nameBytes in
            var values: [String] = []
            forEachSlot { slot in
                if keyMatches(slot, nameBytes) { values.append(string(slot.valueStart, slot.valueEnd)) }
                return true
            }
            return values
        }
    }

    /// The value of the first header: the event name for an event, the status for a response, the action name.
    public var name: String? {
        firstHeaderSlot.map { string($0.valueStart, $0.valueEnd) }
    }

    /// The slot of the first header (not an unparsed line).
    var firstHeaderSlot: Slot? {
        var first: Slot?
        forEachSlot { slot in
            if slot.isUnparsed { return true }
            first = slot
            return false
        }
        return first
    }

    /// The `ActionID` header.
    public var actionID: String? { self["ActionID"] }

    /// Whether this reply opens a list (`EventList: start`).
    public var opensList: Bool { self["EventList"]?.lowercased() == "start" }

    /// Whether this event closes a list (`EventList: Complete`).
    public var closesList: Bool { self["EventList"]?.lowercased() == "complete" }

    /// The CLI output of a `Command` action: the `Output:` lines (Asterisk 14+) or the lines of a
    /// `Response: Follows` body (Asterisk ≤13).
    public var commandOutput: [String] {
        if let bodyRange {
            var lines = storage[bodyRange].split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
                String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
            }
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        return values(named: "Output")
    }

    /// The raw body of a `Response: Follows` reply, without the `--END COMMAND--` marker.
    public var commandBody: String? {
        bodyRange.map { String(decoding: storage[$0], as: UTF8.self) }
    }

    /// Calls `body` with the bytes of each header's key and (decoded) value, in order, without making strings.
    public func forEachHeaderBytes(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        storage.withUnsafeBufferPointer { buffer in
            forEachSlot { slot in
                if !slot.isUnparsed {
                    body(
                        UnsafeBufferPointer(rebasing: buffer[Int(slot.keyStart)..<Int(slot.keyEnd)]),
                        UnsafeBufferPointer(rebasing: buffer[Int(slot.valueStart)..<Int(slot.valueEnd)])
                    )
                }
                return true
            }
        }
    }

    // MARK: Private

    private func string(_ start: UInt32, _ end: UInt32) -> String {
        String(decoding: storage[Int(start)..<Int(end)], as: UTF8.self)
    }

    private func firstSlot(named name: String) -> Slot? {
        var name = name
        return name.withUTF8 { nameBytes in
            var found: Slot?
            forEachSlot { slot in
                guard keyMatches(slot, nameBytes) else { return true }
                found = slot
                return false
            }
            return found
        }
    }

    private func keyMatches(_ slot: Slot, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !slot.isUnparsed, Int(slot.keyEnd - slot.keyStart) == name.count else { return false }
        return storage.withUnsafeBufferPointer { buffer in
            var index = 0
            var position = Int(slot.keyStart)
            while index < name.count {
                if AMIASCII.lowercased(buffer[position]) != AMIASCII.lowercased(name[index]) { return false }
                index += 1
                position += 1
            }
            return true
        }
    }
}

extension AMIMessage: Equatable {
    /// Two messages are equal when their kind, lines (headers and unparsed lines, byte for byte, in order) and
    /// body are equal.
    public static func == (lhs: AMIMessage, rhs: AMIMessage) -> Bool {
        guard lhs.kind == rhs.kind, lhs.slotCount == rhs.slotCount else { return false }
        return lhs.storage.withUnsafeBytes { left in
            rhs.storage.withUnsafeBytes { right in
                func same(_ leftRange: Range<Int>, _ rightRange: Range<Int>) -> Bool {
                    guard leftRange.count == rightRange.count else { return false }
                    guard leftRange.count > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress
                    else { return true }
                    return memcmp(
                        leftBase + leftRange.lowerBound,
                        rightBase + rightRange.lowerBound,
                        leftRange.count
                    ) == 0
                }
                switch (lhs.bodyRange, rhs.bodyRange) {
                case (nil, nil): break
                case (let leftBody?, let rightBody?): guard same(leftBody, rightBody) else { return false }
                default: return false
                }
                var offset = 0
                while offset < lhs.slotCount * 16 {
                    let a = slot(in: left, at: lhs.tableStart + offset)
                    let b = slot(in: right, at: rhs.tableStart + offset)
                    guard a.isUnparsed == b.isUnparsed,
                        same(Int(a.keyStart)..<Int(a.keyEnd), Int(b.keyStart)..<Int(b.keyEnd)),
                        same(Int(a.valueStart)..<Int(a.valueEnd), Int(b.valueStart)..<Int(b.valueEnd))
                    else { return false }
                    offset += 16
                }
                return true
            }
        }
    }
}

extension AMIMessage: CustomStringConvertible {
    /// The headers, one per line; the values of `Secret` and `Key` are redacted.
    public var description: String {
        headers.map { header in
            AMIAction.isSecretKey(header.name) ? "\(header.name): <redacted>" : header.description
        }.joined(separator: "\n")
    }
}
