import Foundation
import SwitchboardDaemon
import Testing

/// sd_notify without libsystemd: datagrams to `$NOTIFY_SOCKET`.
@Suite("systemd notifier")
struct SystemdNotifierTests {
    @Test("READY=1 and STATUS reach the socket $NOTIFY_SOCKET names; without it nothing is sent")
    func notifies() async throws {
        let socket = try FakeNotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        #expect(notifier.notify("READY=1\nSTATUS=listening"))
        #expect(notifier.notify("STOPPING=1"))
        #expect(socket.messages == ["READY=1\nSTATUS=listening", "STOPPING=1"])
        #expect(!SystemdNotifier(environment: [:]).notify("READY=1"))
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"]).notify("READY=1"))
        let tooLong = "/" + String(repeating: "x", count: 200)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": tooLong]).notify("READY=1"))
    }
}
