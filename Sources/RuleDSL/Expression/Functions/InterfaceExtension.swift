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
        var scalars = Substring(interface).unicodeScalars
        if let slash = scalars.firstIndex(of: "/") {
            scalars = scalars[scalars.index(after: slash)...]
        }
        if let stop = scalars.firstIndex(where: { $0 == "@" || $0 == ";" || $0 == "/" || $0 == "," }) {
            scalars = scalars[..<stop]
        }
        if let dash = scalars.lastIndex(of: "-") {
            let suffix = scalars[scalars.index(after: dash)...]
            if suffix.count >= 4, suffix.allSatisfy({ $0.hexValue != nil }), dash > scalars.startIndex {
                scalars = scalars[..<dash]
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
