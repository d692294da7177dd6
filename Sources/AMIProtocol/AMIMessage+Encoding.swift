extension AMIMessage {
    /// The message in wire form: `Key: Value\r\n` per header (re-escaping the values Asterisk C-escapes),
    /// unparsed lines as they came, a `Response: Follows` body with its `--END COMMAND--` marker, then `\r\n`.
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        encode(into: &output)
        return output
    }

    /// Appends the wire form of the message to `output` (see ``encoded()``).
    public func encode(into output: inout [UInt8]) {
        output.reserveCapacity(output.count + storage.count + 2)
        let eventName = firstHeaderSlot.map { Int($0.valueStart)..<Int($0.valueEnd) } ?? 0..<0
        forEachSlot { slot in
            let value = storage[Int(slot.valueStart)..<Int(slot.valueEnd)]
            if slot.isUnparsed {
                output.append(contentsOf: value)
            } else {
                let key = storage[Int(slot.keyStart)..<Int(slot.keyEnd)]
                output.append(contentsOf: key)
                output.append(UInt8(ascii: ":"))
                output.append(UInt8(ascii: " "))
                let escaped = storage.withUnsafeBufferPointer { buffer in
                    AMIEscaping.isEscaped(
                        key: UnsafeBufferPointer(rebasing: buffer[Int(slot.keyStart)..<Int(slot.keyEnd)]),
                        eventName: UnsafeBufferPointer(rebasing: buffer[eventName])
                    )
                }
                if escaped {
                    AMIEscaping.escape(value, into: &output)
                } else {
                    output.append(contentsOf: value)
                }
            }
            output.append(UInt8(ascii: "\r"))
            output.append(UInt8(ascii: "\n"))
            return true
        }
        if let bodyRange {
            output.append(contentsOf: storage[bodyRange])
            output.append(contentsOf: "--END COMMAND--\r\n".utf8)
        }
        output.append(UInt8(ascii: "\r"))
        output.append(UInt8(ascii: "\n"))
    }
}
