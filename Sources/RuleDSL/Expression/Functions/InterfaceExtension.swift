/// `extension(interface)`: the extension (endpoint or Local exten) inside an Asterisk interface or
/// channel name.
///
/// Exact behaviour:
/// 1. Drop the technology: everything up to and including the first `/` (`PJSIP/`, `SIP/`, `IAX2/`,
///    `Local/`). Text without `/` is taken as it is.
/// 2. Keep the text up to the first `@` (Local context), `;` (Local half `;1`/`;2`), `/` (dial options
///    such as `/n`, a PJSIP contact) or `,` (dial arguments).
/// 3. Drop a channel suffix: a final `-` followed by 4 or more hexadecimal digits, which Asterisk appends
///    to make channel names unique (`SIP/201-0000a1`, `PJSIP/201-00000012`, `IAX2/201-4257`). Endpoint
///    names of the form `name-1234` are therefore shortened too; give such endpoints another name or
///    compare whole interfaces instead.
///
/// Examples: `PJSIP/201` → `201`, `SIP/201-0000a1` → `201`, `Local/201@agents/n` → `201`,
/// `Local/201@agents-00000012;1` → `201`, `IAX2/201` → `201`, `201` → `201`.
public enum InterfaceExtension {
    /// The extension of `interface` (see the type's documentation).
    public static func extract(_ interface: String) -> String {
        // Every delimiter is ASCII, so UTF-8 indices found here are character boundaries.
        let utf8 = interface.utf8
        var start = utf8.startIndex
        if let slash = utf8.firstIndex(of: UInt8(ascii: "/")) { start = utf8.index(after: slash) }
        var end =
            utf8[start...].firstIndex { byte in
                byte == UInt8(ascii: "@") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "/")
                    || byte == UInt8(ascii: ",")
            } ?? utf8.endIndex
        if let dash = utf8[start..<end].lastIndex(of: UInt8(ascii: "-")), dash > start {
            let suffix = utf8[utf8.index(after: dash)..<end]
            if suffix.count >= 4, suffix.allSatisfy(isHexDigit) { end = dash }
        }
        return String(interface[start..<end])
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
