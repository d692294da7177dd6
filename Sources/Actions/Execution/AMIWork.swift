public import Engine
public import Logging
public import RuleDSL

/// An AMI action the rules asked for, waiting to be sent: ``CallPipeline`` hands these out on
/// ``CallPipeline/amiActions`` and whoever runs the pipeline sends each one (``CallPipeline/perform(_:)``) in a task
/// group it owns, so no send outlives the service that runs it.
public struct AMIWork: Sendable {
    /// The intent it executes.
    public let intent: ActionIntent
    /// The log metadata of the intent (rule, call, action, trigger).
    let metadata: Logger.Metadata
    /// Sends the action; returns the value its `as:` binding gets (nil: none).
    let operation: @Sendable (any AMIActionSending) async throws -> Value?
}
