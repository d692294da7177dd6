/// One AGI command, already checked and written as the line Asterisk reads: only the constructors below make one, so
/// a command that exists is safe to send.
///
/// ```swift
/// let set = try AGICommand.setVariable("ROUTE_EXTEN", "104")   // SET VARIABLE ROUTE_EXTEN "104"
/// ```
public struct AGICommand: Sendable, Hashable, CustomStringConvertible {
    /// The command's name, e.g. `SET VARIABLE` (for logs and metrics).
    public let name: String
    /// The line without its newline.
    public let line: String

    private init(name: String, line: String) {
        self.name = name
        self.line = line
    }

    /// The bytes to write: the line and `\n`.
    public var bytes: [UInt8] { Array(line.utf8) + [UInt8(ascii: "\n")] }

    public var description: String { line }

    /// `SET VARIABLE name "value"`: answered `200 result=1`.
    public static func setVariable(_ variable: String, _ value: String) throws(AGICommandError) -> AGICommand {
        guard AGIQuoting.isVariableName(variable) else { throw .invalidVariableName(variable) }
        let quoted = try AGIQuoting.quoted(value, argument: "value of \(variable)")
        return AGICommand(name: "SET VARIABLE", line: "SET VARIABLE \(variable) \(quoted)")
    }

    /// `GET VARIABLE name` (a name ending in `)` reads a dialplan function, e.g. `CHANNEL(linkedid)`): answered
    /// `200 result=1 (value)`, or `200 result=0` when unset.
    public static func getVariable(_ variable: String) throws(AGICommandError) -> AGICommand {
        guard AGIQuoting.isVariableName(variable) else { throw .invalidVariableName(variable) }
        return AGICommand(name: "GET VARIABLE", line: "GET VARIABLE \(variable)")
    }

    /// `GET FULL VARIABLE "expression"`: `${…}` substituted on the channel, answered `200 result=1 (text)`.
    public static func getFullVariable(_ expression: String) throws(AGICommandError) -> AGICommand {
        let quoted = try AGIQuoting.quoted(expression, argument: "expression")
        return AGICommand(name: "GET FULL VARIABLE", line: "GET FULL VARIABLE \(quoted)")
    }

    /// `VERBOSE "message" level`: a line in Asterisk's console and log at verbosity `level` (1–4).
    public static func verbose(_ message: String, level: Int = 1) throws(AGICommandError) -> AGICommand {
        let quoted = try AGIQuoting.quoted(message, argument: "message")
        return AGICommand(name: "VERBOSE", line: "VERBOSE \(quoted) \(min(4, max(1, level)))")
    }

    /// `EXEC application "options"`: runs a dialplan application; answered `200 result=<its return value>`.
    public static func exec(_ application: String, _ options: String = "") throws(AGICommandError) -> AGICommand {
        guard !application.isEmpty, application.utf8.count <= 80,
            application.utf8.allSatisfy({
                AGIQuoting.isLetter($0) || AGIQuoting.isDigit($0) || $0 == UInt8(ascii: "_")
            })
        else { throw .invalidApplicationName(application) }
        let quoted = try AGIQuoting.quoted(options, argument: "options of \(application)")
        return AGICommand(name: "EXEC", line: "EXEC \(application) \(quoted)")
    }
}
