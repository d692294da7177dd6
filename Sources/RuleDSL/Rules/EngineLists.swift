/// Lists the engine itself reads from the rules (the call model's policy), so they count as used
/// even when no rule names them.
public enum EngineLists {
    /// List name → what the engine uses it for.
    public static let all: [String: String] = [
        "inbound_contexts":
            "dialplan contexts whose calls are inbound (default: from-trunk, from-pstn, from-did-direct, incoming)",
        "internal_number_patterns": "regular expressions of internal numbers (extensions)",
    ]
}
