public import Actions
import Adapters
import Engine
public import Logging
public import ServiceLifecycle

/// Starts the calls Bitrix24 asks for: takes the events the public listener queued in the ``Bitrix24EventIntake``
/// and hands each to the pipeline, in order. On graceful shutdown the intake refuses new events and the ones still
/// waiting are handled as stale — finished with a failure status, not dialled: the daemon does not start calls it
/// will not be there to follow.
public struct Bitrix24EventService: Service {
    let intake: Bitrix24EventIntake
    let pipeline: CallPipeline
    let logger: Logger

    /// Creates the service.
    public init(intake: Bitrix24EventIntake, pipeline: CallPipeline, logger: Logger) {
        self.intake = intake
        self.pipeline = pipeline
        self.logger = logger
    }

    public func run() async {
        await withGracefulShutdownHandler {
            for await queued in intake.events {
                var request = queued.request
                if intake.isClosing && !request.isStale {
                    request.isStale = true
                    logger.notice(
                        "shutting down: a Bitrix24 event still waiting is finished, not dialled",
                        metadata: ["event": "\(request.kind.rawValue)"]
                    )
                }
                await pipeline.start(request, at: queued.receivedAt)
            }
        } onGracefulShutdown: {
            intake.close()
        }
    }
}
