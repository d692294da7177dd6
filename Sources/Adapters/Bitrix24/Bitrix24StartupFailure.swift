/// A definitive start-up failure: the engine must stop with this message.
public struct Bitrix24StartupFailure: Error, Sendable, CustomStringConvertible {
    /// A clear message for the operator (never contains the secret).
    public let description: String
    /// The portal error behind it, when there was one.
    public let underlying: Bitrix24Error?
}
