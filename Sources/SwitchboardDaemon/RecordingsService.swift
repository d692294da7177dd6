public import Actions
public import ServiceLifecycle

/// Runs the recordings (``RecordingService``) until shutdown; encodings under way then stop and resume at the next
/// start.
public struct RecordingsService: Service {
    let service: RecordingService

    /// Creates the service.
    public init(service: RecordingService) {
        self.service = service
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await service.run()
        }
    }
}
