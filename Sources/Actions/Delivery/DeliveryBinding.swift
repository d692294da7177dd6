/// A parameter whose value is taken from the result of an earlier command of the same call,
/// e.g. a show's `CALL_ID` from the register's result.
///
/// When the earlier command is already acknowledged, its stored result is substituted; when it travels
/// in the same `batch`, the parameter becomes the portal-side reference `$result[key][CALL_ID]`.
public struct DeliveryBinding: Codable, Sendable, Hashable {
    /// The `step` of the command whose result is read.
    public var step: String
    /// The path inside that result (`["CALL_ID"]`); empty for the whole result.
    public var path: [String]

    /// A binding to `path` inside the result of `step`.
    public init(step: String, path: [String]) {
        self.step = step
        self.path = path
    }

    /// The register's `CALL_ID`.
    public static let callID = DeliveryBinding(step: DeliveryCommand.registerStep, path: ["CALL_ID"])
}
