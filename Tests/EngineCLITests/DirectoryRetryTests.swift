import Actions
import Adapters
import Logging
import Synchronization
import Testing

@testable import SwitchboardDaemon

/// The user directory after a start with the portal unreachable: tried again every 15 s until it loads, then every
/// 5 minutes — not left empty (`user_of` answering only the overrides) until the next 5-minute refresh.
@Suite("User directory refresh")
struct DirectoryRetryTests {
    struct PortalDown: Error {}

    /// A portal whose `user.get` fails the first `failures` times.
    final class FlakySource: Bitrix24UserSource {
        let remaining: Mutex<Int>

        init(failures: Int) { remaining = Mutex(failures) }

        func fetchAllUsers() async throws -> [Bitrix24User] {
            let fails = remaining.withLock { count in
                defer { count -= 1 }
                return count > 0
            }
            if fails { throw PortalDown() }
            return [Bitrix24User(id: 7, active: true, name: "Ivan", phoneInner: "201")]
        }
    }

    @Test("a failed start-up load is retried every 15 s until it loads, then the 5-minute period resumes")
    func retriesUntilLoaded() async throws {
        let directory = Bitrix24UserDirectory(source: FlakySource(failures: 3))
        let lookup = UserLookup()
        let logger = Logger(label: "test.directory")
        let loaded = await DirectoryService.refresh(directory, into: lookup, logger: logger)
        #expect(!loaded)
        let waits = Mutex<[Duration]>([])
        let service = DirectoryService(
            directory: directory,
            lookup: lookup,
            interval: .seconds(300),
            loaded: loaded,
            logger: logger,
            sleep: { duration in
                let count = waits.withLock { waits in
                    waits.append(duration)
                    return waits.count
                }
                if count > 3 { throw CancellationError() }
            }
        )
        try await service.run()
        #expect(waits.withLock { $0 } == [.seconds(15), .seconds(15), .seconds(15), .seconds(300)])
        #expect(lookup.user(forExtension: "201") == 7)
    }
}
