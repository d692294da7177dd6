/// One FastAGI request: the environment block Asterisk sends when the dialplan runs
/// `AGI(agi://host[:port]/script?query,arg1,arg2)` (res_agi.c `launch_netscript` and `setup_env`):
///
/// ```
/// agi_network: yes
/// agi_network_script: route?queue=sales
/// agi_request: agi://127.0.0.1/route?queue=sales
/// agi_channel: PJSIP/trunk-00000007
/// agi_uniqueid: 1795564212.14
/// agi_callerid: 79161234567
/// …
/// agi_arg_1: first
///
/// ```
public struct AGIRequest: Sendable, Hashable {
    /// Every line in the order sent.
    public var environment: [AGIEnvironmentVariable]

    /// A request from its environment lines.
    public init(environment: [AGIEnvironmentVariable]) {
        self.environment = environment
    }

    /// The value of `agi_<name>` (the first, if repeated).
    public subscript(_ name: String) -> String? {
        // Compared on bytes, without building `agi_…` (a heap string from 16 bytes on).
        let bare = name.hasPrefix("agi_") ? name.utf8.dropFirst(4) : name.utf8[...]
        return environment.first { variable in
            let utf8 = variable.name.utf8
            return utf8.count == bare.count + 4 && utf8.starts(with: "agi_".utf8)
                && utf8.dropFirst(4).elementsEqual(bare)
        }?.value
    }

    /// `agi_request`: the URL as written in the dialplan, e.g. `agi://127.0.0.1/route?queue=sales`.
    public var url: String { self["request"] ?? "" }

    /// The script and its parameters: `agi_network_script`, or the part of `agi_request` after the host.
    public var script: AGINetworkScript {
        if let relayed = self["network_script"] { return AGINetworkScript(parsing: relayed) }
        let url = self.url
        guard let scheme = url.split(atFirst: "://") else { return AGINetworkScript(parsing: "") }
        let afterHost = scheme.after.drop { $0 != "/" }
        return AGINetworkScript(parsing: String(afterHost))
    }

    /// The positional arguments `agi_arg_1`, `agi_arg_2`, … in order.
    public var arguments: [String] {
        var numbered: [(Int, String)] = []
        for variable in environment where variable.name.hasPrefix("agi_arg_") {
            if let number = Int(variable.name.dropFirst("agi_arg_".count)) { numbered.append((number, variable.value)) }
        }
        return numbered.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `agi_channel`, e.g. `PJSIP/trunk-00000007`.
    public var channel: String { self["channel"] ?? "" }

    /// `agi_uniqueid`: the channel's Uniqueid (the AMI events of the same channel carry it).
    public var uniqueID: String { self["uniqueid"] ?? "" }

    /// `agi_callerid` when it is a number: nil for `unknown` (Asterisk's word for none), empty, `anonymous`,
    /// `restricted` and `unavailable`.
    public var callerNumber: String? {
        guard let raw = self["callerid"]?.trimmingSpaces else { return nil }
        switch raw.lowercased() {
        case "", "unknown", "<unknown>", "anonymous", "restricted", "unavailable": return nil
        default: return raw
        }
    }

    /// `agi_calleridname`, nil for `unknown` or empty.
    public var callerName: String? { Self.known(self["calleridname"]) }

    /// `agi_dnid`: the dialled number, nil for `unknown` or empty.
    public var dialedNumber: String? { Self.known(self["dnid"]) }

    /// `agi_context`.
    public var context: String { self["context"] ?? "" }

    /// `agi_extension`.
    public var extensionName: String { self["extension"] ?? "" }

    static func known(_ value: String?) -> String? {
        guard let value = value?.trimmingSpaces, !value.isEmpty, value.lowercased() != "unknown" else { return nil }
        return value
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
