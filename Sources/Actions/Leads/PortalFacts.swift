public import Foundation
import GRDB

/// What the engine learned about the portal and keeps across restarts (e.g. that it refuses to create leads), in the
/// state file beside the outbox: a table `portal_facts` (name → text), with its own migrations.
public final class PortalFacts: Sendable {
    private let database: DatabasePool

    /// The portal refused a lead `CRM_CREATE` asked for (`LEAD_CREATION_ERROR`); the value is its reason.
    public static let leadCreationRefused = "lead_creation_refused"

    /// Uses the file of `outbox`, adding the table if needed.
    /// - Throws: ``OutboxError`` when the file cannot be migrated.
    public init(outbox: Outbox) throws(OutboxError) {
        database = outbox.database
        var migrator = DatabaseMigrator()
        migrator.registerMigration("portal facts v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE portal_facts (
                        name TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL,
                        noted_at DOUBLE NOT NULL
                    );
                    """
            )
        }
        do {
            try migrator.migrate(database)
        } catch {
            throw OutboxError(operation: "open the portal facts", underlying: error)
        }
    }

    /// The fact named `name`, if noted.
    public func value(_ name: String) async throws(OutboxError) -> String? {
        do {
            return try await database.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM portal_facts WHERE name = ?", arguments: [name])
            }
        } catch {
            throw OutboxError(operation: "read the portal facts", underlying: error)
        }
    }

    /// Notes `name` = `value` (replacing an earlier value).
    public func note(_ name: String, _ value: String, at now: Date = Date()) async throws(OutboxError) {
        do {
            try await database.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO portal_facts (name, value, noted_at) VALUES (?, ?, ?)",
                    arguments: [name, value, now.timeIntervalSince1970]
                )
            }
        } catch {
            throw OutboxError(operation: "write the portal facts", underlying: error)
        }
    }
}
