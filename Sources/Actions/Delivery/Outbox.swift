public import Adapters
public import Foundation
import GRDB

/// The durable outbox: a SQLite file (through GRDB) holding every command before it is sent, until the
/// portal acknowledged it.
///
/// WAL journal with `synchronous=NORMAL`: a committed command survives the process being killed
/// (SIGKILL, crash), not necessarily a power loss or kernel panic — the last transactions may be lost then.
/// Tables (created by ``OutboxMigrations``): `commands` (pending), `delivered` (results of acknowledged steps,
/// so a step is never sent twice and a CALL_ID once known is never registered again) and `dead_letters`.
public final class Outbox: Sendable {
    let database: DatabasePool
    /// The file.
    public let path: String

    /// Opens (creating if needed), checks and migrates the outbox at `path`. `busyTimeout`: how long a write waits
    /// for a lock another process holds before it fails (and its commands are held and retried).
    /// - Throws: ``OutboxError`` when the file cannot be opened or migrated; a file that is not a SQLite database or
    ///   fails SQLite's `quick_check` is reported as such (``OutboxError/isCorrupt``), never opened over.
    public init(path: String, busyTimeout: TimeInterval = 5) throws(OutboxError) {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(busyTimeout)
        let name = URL(fileURLWithPath: path).lastPathComponent
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            let problems = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            guard problems == ["ok"] else {
                throw OutboxError.corrupt(file: path, detail: problems.joined(separator: "; "))
            }
            try OutboxMigrations.migrator.migrate(database)
        } catch let error as OutboxError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw OutboxError.corrupt(file: path, detail: error.message ?? "\(error.resultCode)")
        } catch {
            throw OutboxError(operation: "open \(name)", underlying: error)
        }
    }

    /// Caps the file at `pages` pages (SQLite `max_page_count`; never below its current size): writes that would
    /// grow it fail as on a full disk. nil lifts the cap. For operators who bound the file, and for tests of a full
    /// disk.
    public func limitSize(toPages pages: Int?) async throws(OutboxError) {
        try await write("limit size") { db in
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages ?? 4_294_967_294)")
        }
    }

    /// Caps the file at `bytes` (rounded down to whole pages, never below its current size; see
    /// ``limitSize(toPages:)``) and returns the cap in pages.
    @discardableResult
    public func limitSize(toBytes bytes: Int) async throws(OutboxError) -> Int {
        try await write("limit size") { db in
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let pages = max(1, bytes / max(1, pageSize))
            return try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)") ?? pages
        }
    }

    // MARK: Enqueue

    /// What ``enqueue(_:at:)`` wrote.
    public struct Enqueued: Sendable {
        /// The entries added, in order (steps already pending, delivered or dead are skipped).
        public var entries: [OutboxEntry] = []
        /// The stored results of acknowledged steps the added commands read (call → step → result), read in the same
        /// transaction: a card for a call whose register was acknowledged long ago finds its CALL_ID here.
        public var results: [String: [String: Bitrix24Value]] = [:]
    }

    /// Writes `commands` (in order) unless their step is already pending, delivered or dead. All or nothing.
    /// - Throws: ``DeliveryCommandError`` for a command that could never be delivered correctly, ``OutboxError`` on
    ///   I/O.
    public func enqueue(_ commands: [DeliveryCommand], at now: Date = Date()) async throws -> Enqueued {
        for command in commands { try Self.validate(command) }
        do {
            return try await database.write { db in try Self.insert(commands, at: now, db) }
        } catch let error as DeliveryCommandError {
            throw error
        } catch {
            throw OutboxError(operation: "enqueue", underlying: error)
        }
    }

    private static func insert(_ commands: [DeliveryCommand], at now: Date, _ db: Database) throws -> Enqueued {
        var enqueued = Enqueued()
        var seen: Set<StepKey> = []
        for command in commands {
            let key = StepKey(call: command.callKey, step: command.step)
            if try Self.stepExists(db, key) || seen.contains(key) { continue }
            for binding in command.bindings.values {
                let dependency = StepKey(call: command.callKey, step: binding.step)
                if seen.contains(dependency) || enqueued.results[dependency.call]?[dependency.step] != nil { continue }
                if let result = try Self.deliveredResult(db, dependency) {
                    enqueued.results[dependency.call, default: [:]][dependency.step] = result
                    continue
                }
                if try Self.stepExists(db, dependency, in: ["commands"]) { continue }
                throw DeliveryCommandError.unknownDependency(
                    callKey: command.callKey,
                    step: command.step,
                    dependsOn: binding.step
                )
            }
            let payload = try Self.encode(command)
            try db.cachedStatement(
                sql: """
                    INSERT INTO commands (call_key, step, payload, attempts, may_have_landed, \
                    lead_stage, not_before, enqueued_at)
                    VALUES (?, ?, ?, 0, 0, 'check', ?, ?)
                    """
            ).execute(
                arguments: [
                    command.callKey, command.step, payload, now.timeIntervalSince1970, now.timeIntervalSince1970,
                ]
            )
            seen.insert(key)
            enqueued.entries.append(
                OutboxEntry(
                    id: db.lastInsertedRowID,
                    command: command,
                    attempts: 0,
                    mayHaveLanded: false,
                    leadStage: .check,
                    notBefore: now,
                    lastError: nil,
                    enqueuedAt: now
                )
            )
        }
        return enqueued
    }

    // MARK: Reading

    /// What ``load()`` found.
    public struct Loaded: Sendable {
        /// Every readable pending command, in enqueue order.
        public var entries: [OutboxEntry] = []
        /// Rows that could not be read, moved to the `quarantine` table: (row id, why).
        public var quarantined: [(rowID: Int64?, reason: String)] = []
    }

    /// Every pending command, in enqueue order; a row that cannot be read (a damaged payload, a value of the wrong
    /// type) is moved to the `quarantine` table with the reason instead of failing the load (and every start after).
    public func load() async throws(OutboxError) -> Loaded {
        try await write("read pending") { db in
            var loaded = Loaded()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM commands ORDER BY id") {
                do {
                    loaded.entries.append(try Self.entry(row))
                } catch {
                    let rowID = try? row.decode(Int64?.self, forColumn: "id")
                    let reason = String(describing: error)
                    try db.execute(
                        sql: "INSERT INTO quarantine (source, row_id, content, reason, quarantined_at) "
                            + "VALUES ('commands', ?, ?, ?, ?)",
                        arguments: [rowID, row.description, reason, Date().timeIntervalSince1970]
                    )
                    // `id` is the rowid (INTEGER PRIMARY KEY): always readable.
                    try db.execute(sql: "DELETE FROM commands WHERE id = ?", arguments: [rowID])
                    loaded.quarantined.append((rowID, reason))
                }
            }
            return loaded
        }
    }

    /// Every pending command, in enqueue order (unreadable rows quarantined, see ``load()``).
    public func pending() async throws(OutboxError) -> [OutboxEntry] {
        try await load().entries
    }

    /// Rows moved to the quarantine table so far.
    public func quarantinedCount() async throws(OutboxError) -> Int {
        try await read("count quarantine") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? 0 }
    }

    /// When the oldest pending command was written, if any.
    public func oldestPending() async throws(OutboxError) -> Date? {
        try await read("read oldest") { db in
            try Double.fetchOne(db, sql: "SELECT enqueued_at FROM commands ORDER BY id LIMIT 1")
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Number of pending commands.
    public func pendingCount() async throws(OutboxError) -> Int {
        try await read("count pending") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commands") ?? 0 }
    }

    /// Results of the acknowledged steps of `callKeys`: call → step → result.
    public func deliveredResults(
        for callKeys: Set<String>
    ) async throws(OutboxError) -> [String: [String: Bitrix24Value]] {
        try await read("read results") { db in
            var results: [String: [String: Bitrix24Value]] = [:]
            for call in callKeys {
                let statement = try db.cachedStatement(sql: "SELECT step, result FROM delivered WHERE call_key = ?")
                for row in try Row.fetchAll(statement, arguments: [call]) {
                    let step = try row.decode(String.self, forColumn: "step")
                    results[call, default: [:]][step] = Self.decodeResult(
                        try row.decode(String.self, forColumn: "result")
                    )
                }
            }
            return results
        }
    }

    /// The stored result of an acknowledged step, if any.
    public func deliveredResult(callKey: String, step: String) async throws(OutboxError) -> Bitrix24Value? {
        try await deliveredResults(for: [callKey])[callKey]?[step]
    }

    /// Commands given up on, oldest first.
    public func deadLetters() async throws(OutboxError) -> [DeadLetter] {
        try await read("read dead letters") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dead_letters ORDER BY id").map { row in
                let payload = try row.decode(String.self, forColumn: "payload")
                let command = try JSONDecoder().decode(DeliveryCommand.self, from: Data(payload.utf8))
                return DeadLetter(
                    command: command,
                    attempts: try row.decode(Int.self, forColumn: "attempts"),
                    reason: try row.decode(String.self, forColumn: "reason"),
                    diedAt: Date(timeIntervalSince1970: try row.decode(Double.self, forColumn: "died_at"))
                )
            }
        }
    }

    /// Forgets the results of calls whose every step was acknowledged before `date` (housekeeping).
    /// - Returns: rows removed.
    @discardableResult
    public func forgetDelivered(before date: Date) async throws(OutboxError) -> Int {
        try await write("forget delivered") { db in
            try db.execute(
                sql: """
                    DELETE FROM delivered WHERE delivered_at < ?
                    AND call_key NOT IN (SELECT call_key FROM commands)
                    """,
                arguments: [date.timeIntervalSince1970]
            )
            return db.changesCount
        }
    }

    /// What ``prune(deliveredBefore:deadBefore:)`` removed.
    public struct Pruned: Sendable, Equatable {
        /// Results of calls settled before the cut-off.
        public var delivered = 0
        /// Dead letters (and quarantined rows) older than their cut-off.
        public var deadLetters = 0

        /// Counts.
        public init(delivered: Int = 0, deadLetters: Int = 0) {
            self.delivered = delivered
            self.deadLetters = deadLetters
        }
    }

    /// Housekeeping: forgets results of calls whose every step was acknowledged before `deliveredBefore` (never a
    /// call with a command still pending), and dead letters and quarantined rows from before `deadBefore`.
    @discardableResult
    public func prune(deliveredBefore: Date, deadBefore: Date) async throws(OutboxError) -> Pruned {
        let delivered = try await forgetDelivered(before: deliveredBefore)
        let dead = try await write("forget dead letters") { db in
            try db.execute(
                sql: "DELETE FROM dead_letters WHERE died_at < ?",
                arguments: [deadBefore.timeIntervalSince1970]
            )
            let letters = db.changesCount
            try db.execute(
                sql: "DELETE FROM quarantine WHERE quarantined_at < ?",
                arguments: [deadBefore.timeIntervalSince1970]
            )
            return letters + db.changesCount
        }
        return Pruned(delivered: delivered, deadLetters: dead)
    }

    // MARK: Changes

    /// Applies changes decided together (one request's outcome) in one transaction.
    public func apply(_ changes: [OutboxChange], at now: Date) async throws(OutboxError) {
        guard !changes.isEmpty else { return }
        try await write("record outcome") { db in
            for change in changes {
                switch change {
                case .acknowledge(let entry, let result):
                    try db.cachedStatement(sql: "DELETE FROM commands WHERE id = ?").execute(arguments: [entry.id])
                    try db.cachedStatement(
                        sql:
                            "INSERT OR REPLACE INTO delivered (call_key, step, result, delivered_at) "
                            + "VALUES (?, ?, ?, ?)"
                    ).execute(
                        arguments: [
                            entry.command.callKey, entry.command.step, try Self.encode(result),
                            now.timeIntervalSince1970,
                        ]
                    )
                case .update(let entry):
                    try db.execute(
                        sql:
                            "UPDATE commands SET attempts = ?, may_have_landed = ?, lead_stage = ?, not_before = ?, "
                            + "last_error = ?, in_flight = 0 WHERE id = ?",
                        arguments: [
                            entry.attempts, entry.mayHaveLanded, entry.leadStage.rawValue,
                            entry.notBefore.timeIntervalSince1970, entry.lastError, entry.id,
                        ]
                    )
                case .deadLetter(let entry, let reason):
                    try db.execute(sql: "DELETE FROM commands WHERE id = ?", arguments: [entry.id])
                    try db.execute(
                        sql:
                            "INSERT INTO dead_letters (call_key, step, payload, attempts, reason, died_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [
                            entry.command.callKey, entry.command.step, try Self.encode(entry.command),
                            entry.attempts, reason, now.timeIntervalSince1970,
                        ]
                    )
                }
            }
        }
    }

    /// Marks commands as being sent, before the request leaves: if the process dies before the answer is
    /// recorded, the next start knows these may have taken effect.
    public func markInFlight(_ ids: [Int64]) async throws(OutboxError) {
        guard !ids.isEmpty else { return }
        try await write("mark in flight") { db in
            try db.execute(
                sql: "UPDATE commands SET in_flight = 1 WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(ids)
            )
        }
    }

    // MARK: Helpers

    private struct StepKey: Hashable {
        let call: String
        let step: String
    }

    /// Refuses a command that could never be delivered correctly.
    static func validate(_ command: DeliveryCommand) throws(DeliveryCommandError) {
        guard !command.callKey.isEmpty, !command.step.isEmpty, !command.method.isEmpty else {
            throw .incomplete("call key, step and method must not be empty")
        }
        switch command.kind {
        case .register where command.step != DeliveryCommand.registerStep:
            // One register per call: its step name is what makes a known CALL_ID final.
            throw .incomplete("a register's step must be \"\(DeliveryCommand.registerStep)\"")
        case .register where command.params["EXTERNAL_CALL_ID"]?.nonEmptyString == nil:
            throw .missingExternalCallID(callKey: command.callKey)
        case .leadAdd where (command.deduplicationPhone ?? "").isEmpty:
            throw .leadWithoutPhone(callKey: command.callKey, step: command.step)
        default:
            break
        }
    }

    private static func stepExists(
        _ db: Database,
        _ key: StepKey,
        in tables: [String] = ["commands", "delivered", "dead_letters"]
    ) throws -> Bool {
        // Cached statements: a burst enqueues hundreds of commands in one transaction, each checked here.
        for table in tables
        where try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE call_key = ? AND step = ?)"),
            arguments: [key.call, key.step]
        ) == true {
            return true
        }
        return false
    }

    private static func deliveredResult(_ db: Database, _ key: StepKey) throws -> Bitrix24Value? {
        let statement = try db.cachedStatement(sql: "SELECT result FROM delivered WHERE call_key = ? AND step = ?")
        return try String.fetchOne(statement, arguments: [key.call, key.step]).map(decodeResult)
    }

    private static func decodeResult(_ text: String) -> Bitrix24Value {
        Bitrix24Value(json: text.utf8) ?? .null
    }

    /// A pending row, decoded with GRDB's throwing API (a NULL or a value of the wrong type is an error, not a trap).
    private static func entry(_ row: Row) throws -> OutboxEntry {
        let payload = try row.decode(String.self, forColumn: "payload")
        let command = try JSONDecoder().decode(DeliveryCommand.self, from: Data(payload.utf8))
        // A command in flight when the last process died may have taken effect; a lead add then needs a new check.
        let inFlight = try row.decode(Bool.self, forColumn: "in_flight")
        let mayHaveLanded = try row.decode(Bool.self, forColumn: "may_have_landed")
        let storedStage = try row.decode(String.self, forColumn: "lead_stage")
        let stage = inFlight ? .check : OutboxEntry.LeadStage(rawValue: storedStage) ?? .check
        return OutboxEntry(
            id: try row.decode(Int64.self, forColumn: "id"),
            command: command,
            attempts: try row.decode(Int.self, forColumn: "attempts"),
            mayHaveLanded: mayHaveLanded || inFlight,
            leadStage: stage,
            notBefore: Date(timeIntervalSince1970: try row.decode(Double.self, forColumn: "not_before")),
            lastError: try row.decode(String?.self, forColumn: "last_error"),
            enqueuedAt: Date(timeIntervalSince1970: try row.decode(Double.self, forColumn: "enqueued_at"))
        )
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func read<T: Sendable>(
        _ operation: String,
        _ body: @Sendable (Database) throws -> T
    ) async throws(OutboxError) -> T {
        do { return try await database.read(body) } catch {
            throw OutboxError(operation: operation, underlying: error)
        }
    }

    private func write<T: Sendable>(
        _ operation: String,
        _ body: @Sendable (Database) throws -> T
    ) async throws(OutboxError) -> T {
        do { return try await database.write(body) } catch {
            throw OutboxError(operation: operation, underlying: error)
        }
    }
}
