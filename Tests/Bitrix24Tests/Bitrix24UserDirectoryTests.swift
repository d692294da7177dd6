import Adapters
import Foundation
import PortalTestSupport
import Simulators
import Synchronization
import TestSupport
import Testing

/// Extension ↔ user through `user.get` against the fake portal.
@Suite("Bitrix24 user directory")
struct Bitrix24UserDirectoryTests {
    @Test("maps extensions across pages; duplicates and inactive users reported; overrides and default user")
    func mapping() async throws {
        try await PortalFixture.with { f in
            for id in 100..<170 {
                f.portal.addUser(FakeBitrix24User(id: id, name: "U\(id)", phoneInner: String(2000 + id)))
            }
            f.portal.addUser(FakeBitrix24User(id: 200, name: "Twin", phoneInner: "103"))
            let directory = Bitrix24UserDirectory(
                source: try f.client(),
                configuration: .init(defaultUserID: 1, overrides: ["555": 13, "101": 14])
            )
            #expect(await directory.resolve(extension: "102") == .defaultUser(userID: 1), "nothing loaded yet")
            let snapshot = try await directory.refresh()
            #expect(snapshot.users.count == 76)
            #expect(await directory.resolve(extension: "102") == .directory(userID: 13))
            #expect(await directory.resolve(extension: "2150") == .directory(userID: 150))
            #expect(await directory.resolve(extension: "101") == .override(userID: 14))
            #expect(await directory.resolve(extension: "555") == .override(userID: 13))
            #expect(await directory.resolve(extension: "999") == .defaultUser(userID: 1))
            #expect(
                await directory.resolve(extension: "104") == .defaultUser(userID: 1),
                "inactive users are not mapped"
            )
            #expect(await directory.resolve(extension: "103") == .directory(userID: 14), "duplicate: lowest id")
            #expect(await directory.phoneInner(forUser: 13) == "555")
            #expect(await directory.phoneInner(forUser: 12) == "101")
            let status = await directory.status
            #expect(status.duplicateExtensions == ["103": [14, 200]])
            #expect(status.inactiveWithExtension == [15])
            #expect(status.lastRefreshError == nil)
            #expect(f.portal.journal.filter { $0.method == "user.get" }.count == 2)

            let noDefault = Bitrix24UserDirectory(source: try f.client())
            try await noDefault.refresh()
            #expect(await noDefault.resolve(extension: "999") == .unmapped)
        }
    }

    @Test("the old map keeps serving while user.get fails; a changed extension is picked up afterwards")
    func keepsOldMapOnFailure() async throws {
        try await PortalFixture.with { f in
            let directory = Bitrix24UserDirectory(source: try f.client(), configuration: .init(defaultUserID: 1))
            try await directory.refresh()
            #expect(await directory.userID(forExtension: "101") == 12)

            f.portal.updateUser(id: 12) { $0.phoneInner = "111" }
            f.portal.injectFault(.internalServerError, method: "user.get")
            await #expect(throws: Bitrix24Error.self) { try await directory.refresh() }
            #expect(await directory.userID(forExtension: "101") == 12, "old map still served")
            #expect(await directory.status.lastRefreshError?.contains("HTTP 500") == true)

            // A failure on the second page must not produce a partial map either.
            for id in 100..<160 { f.portal.addUser(FakeBitrix24User(id: id, name: "U\(id)")) }
            f.portal.injectFault(.queryLimitExceeded, times: 1, method: "user.get")
            await #expect(throws: Bitrix24Error.self) { try await directory.refresh() }
            #expect(await directory.userID(forExtension: "101") == 12)

            try await directory.refresh()
            #expect(await directory.userID(forExtension: "111") == 12)
            #expect(await directory.resolve(extension: "101") == .defaultUser(userID: 1))
            #expect(await directory.status.lastRefreshError == nil)
        }
    }

    @Test("periodic refresh picks up a changed extension; failures in between keep the map")
    func periodicRefresh() async throws {
        try await PortalFixture.with { f in
            let directory = Bitrix24UserDirectory(
                source: try f.client(),
                configuration: .init(refreshInterval: .milliseconds(20))
            )
            let loop = Task { await directory.run() }
            defer { loop.cancel() }
            #expect(await eventually { await directory.userID(forExtension: "102") == 13 })
            f.portal.injectFault(.internalServerError, times: 3, method: "user.get")
            f.portal.updateUser(id: 13) { $0.phoneInner = "120" }
            #expect(await eventually { await directory.userID(forExtension: "120") == 13 })
            #expect(await directory.userID(forExtension: "102") == nil)
            #expect(f.portal.journal.contains { $0.method == "user.get" && $0.fault != nil })
            loop.cancel()
            await loop.value
        }
    }

    @Test("an empty listing is treated as a failure, never as 'everyone left'")
    func emptyListing() async throws {
        struct Flaky: Bitrix24UserSource {
            let answers: [[Bitrix24User]]
            let calls = Counter()
            func fetchAllUsers() async throws -> [Bitrix24User] { answers[min(calls.next(), answers.count - 1)] }
        }
        let source = Flaky(answers: [[Bitrix24User(id: 5, active: true, phoneInner: "201")], []])
        let directory = Bitrix24UserDirectory(source: source)
        try await directory.refresh()
        await #expect(throws: Bitrix24DirectoryRefreshError.self) { try await directory.refresh() }
        #expect(await directory.userID(forExtension: "201") == 5)
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { count in
            let current = count
            count += 1
            return current
        }
    }
}
