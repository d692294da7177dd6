import AMIProtocol
import Foundation
import NIOCore
import NIOPosix

/// Connecting, logging in, keepalive and reconnect with backoff.
extension AMIClient {
    func establish() async throws -> String {
        // Frames on their way to routing: at most what the reads before reading paused brought (see eventBufferFull).
        let (stream, sink) = AsyncStream.makeStream(of: AMIStreamItem.self, bufferingPolicy: .unbounded)
        let limit = configuration.messageSizeLimit
        let observer = configuration.readObserver
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(Int64(AMIReconnectBackoff.seconds(configuration.connectTimeout) * 1e9)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            AMIStreamHandler(
                                decoder: AMIFrameDecoder(messageSizeLimit: limit),
                                sink: sink,
                                observer: observer
                            )
                        )
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw AMIClientError.connectionFailed(
                host: configuration.host,
                port: configuration.port,
                reason: String(describing: error)
            )
        }
        nextEpoch += 1
        let epoch = nextEpoch
        connection = Connection(channel: channel, epoch: epoch)
        readers[epoch] = Task { [weak self] in
            for await item in stream { await self?.receive(item, epoch: epoch) }
            await self?.readerEnded(epoch: epoch)
        }
        do {
            let banner = try await awaitBanner(epoch: epoch)
            try await login()
            startKeepalive(epoch: epoch)
            return banner
        } catch {
            if connection?.epoch == epoch {
                connection = nil
                failAll(epoch: epoch) { .connectionLost(action: $0) }
            }
            channel.close(promise: nil)
            throw error
        }
    }

    func awaitBanner(epoch: Int) async throws -> String {
        if let banner = connection?.banner { return banner }
        let deadline = configuration.actionTimeout
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: deadline) } catch { return }
            await self?.bannerTimedOut(epoch: epoch, after: deadline)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            connection?.bannerWaiter = continuation
        }
    }

    func bannerTimedOut(epoch: Int, after deadline: Duration) {
        guard connection?.epoch == epoch, let waiter = connection?.bannerWaiter else { return }
        connection?.bannerWaiter = nil
        waiter.resume(throwing: AMIClientError.noBanner(after: deadline))
    }

    func login() async throws {
        let credentials = configuration.credentials
        let action: AMIAction
        switch credentials.method {
        case .plain:
            action = .login(username: credentials.username, secret: credentials.secret, events: configuration.events)
        case .md5:
            let challenge = try await sendAllowingError(.md5Challenge, timeout: nil, duringLogin: true)
            guard let value = challenge["Challenge"] else {
                throw AMIClientError.authenticationFailed(message: "no Challenge in the reply")
            }
            action = .login(
                username: credentials.username,
                key: AMILoginDigest.key(challenge: value, secret: credentials.secret),
                events: configuration.events
            )
        }
        let reply = try await sendAllowingError(action, timeout: nil, duringLogin: true)
        guard reply["Response"]?.lowercased() == "success" else {
            throw AMIClientError.authenticationFailed(message: reply["Message"])
        }
        connection?.loggedIn = true
        connection?.loggedInAt = .now
    }

    func startKeepalive(epoch: Int) {
        guard let interval = configuration.pingInterval else { return }
        keepalives[epoch] = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { break }
                guard let self, await self.pingOnce(epoch: epoch) else { break }
            }
            await self?.keepaliveEnded(epoch: epoch)
        }
    }

    /// One keepalive Ping; false when keepalive should stop (no reply in time: the connection is dropped).
    private func pingOnce(epoch: Int) async -> Bool {
        do {
            _ = try await ping()
            return true
        } catch AMIClientError.timeout {
            dropForPingTimeout(epoch: epoch)
            return false
        } catch {
            return false
        }
    }

    func keepaliveEnded(epoch: Int) {
        keepalives[epoch] = nil
    }

    func dropForPingTimeout(epoch: Int) {
        guard connection?.epoch == epoch else { return }
        connection?.closeReason = .pingTimeout
        connection?.channel.close(promise: nil)
    }

    func readerEnded(epoch: Int) {
        readers[epoch] = nil
    }

    func connectionEnded(epoch: Int, error: (any Error)?) {
        guard let ended = connection, ended.epoch == epoch else { return }
        connection = nil
        keepalives[epoch]?.cancel()
        if let waiter = ended.bannerWaiter {
            waiter.resume(throwing: AMIClientError.connectionLost(action: "banner"))
        }
        failAll(epoch: epoch) { .connectionLost(action: $0) }
        // A session that never logged in is a failed attempt (thrown from connect() or reported as
        // reconnectFailed), not a lost link.
        guard ended.loggedIn else { return }
        let lasted = ended.loggedInAt.map { ContinuousClock.now - $0 } ?? .zero
        reconnectStreak = configuration.backoff.firstAttempt(afterSessionOf: lasted, streak: reconnectStreak)
        let reason = ended.closeReason ?? .connectionClosed(error.map { String(describing: $0) })
        let start = Date()
        linkSink.yield(.disconnected(reason: reason, at: start))
        guard !isClosed, reconnectTask == nil else { return }
        reconnectTask = Task { [weak self] in await self?.reconnect(since: start) }
    }

    func reconnect(since start: Date) async {
        var attempt = reconnectStreak
        var delay = configuration.backoff.delay(beforeAttempt: attempt)
        while !isClosed && !Task.isCancelled {
            do { try await Task.sleep(for: delay) } catch { break }
            if isClosed { break }
            do {
                let banner = try await establish()
                reconnectTask = nil
                reconnectStreak = attempt + 1
                linkSink.yield(.reconnected(banner: banner, gap: AMILinkGap(start: start, end: Date())))
                return
            } catch {
                let clientError =
                    (error as? AMIClientError)
                    ?? .connectionFailed(
                        host: configuration.host,
                        port: configuration.port,
                        reason: String(describing: error)
                    )
                attempt += 1
                delay = configuration.backoff.delay(beforeAttempt: attempt)
                linkSink.yield(.reconnectFailed(attempt: attempt, error: clientError, nextDelay: delay))
            }
        }
        reconnectTask = nil
    }
}
