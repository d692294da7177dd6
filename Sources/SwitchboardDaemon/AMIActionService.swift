public import Actions
public import ServiceLifecycle

/// Runs the AMI actions the rules send (``CallPipeline/runAMIActions()``): each waits for its reply — an Originate
/// for its OriginateResponse — in a child task of this service. On graceful shutdown no new action starts; the ones
/// under way end when the AMI link closes.
public struct AMIActionService: Service {
    let pipeline: CallPipeline

    /// Creates the service.
    public init(pipeline: CallPipeline) {
        self.pipeline = pipeline
    }

    public func run() async {
        await withGracefulShutdownHandler {
            await pipeline.runAMIActions()
        } onGracefulShutdown: {
            pipeline.stopAMIActions()
        }
    }
}
