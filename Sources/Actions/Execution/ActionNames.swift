import RuleDSL

/// The rules' action name of a REST method, from the action catalog (`telephony.externalCall.register` →
/// `b24.register_call`).
enum ActionNames {
    static let byMethod: [String: String] = Dictionary(
        ActionCatalog.all.map { ($0.performs.lowercased(), $0.name) },
        uniquingKeysWith: { first, _ in first }
    )

    static func action(forMethod method: String) -> String {
        byMethod[method.lowercased()] ?? method
    }
}
