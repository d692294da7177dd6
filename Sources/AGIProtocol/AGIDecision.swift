/// What the server answers a request with: the commands to run on the channel, in order (typically `SET VARIABLE`s),
/// after which the session ends and the dialplan goes on. No commands: the dialplan goes on with nothing set.
public struct AGIDecision: Sendable, Hashable {
    /// The commands, in order.
    public var commands: [AGICommand]

    /// A decision running `commands`.
    public init(_ commands: [AGICommand] = []) {
        self.commands = commands
    }

    /// Nothing to do: the dialplan goes on with nothing set.
    public static let nothing = AGIDecision()
}
