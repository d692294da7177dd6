import GRDB

/// The schema of the state file (the outbox, the calls in progress of ``CallStateStore``, the recordings of
/// ``RecordingJobStore``, the queue members of ``QueueMemberStore``), versioned through
/// GRDB's migrator: add a migration, never edit a shipped one.
enum OutboxMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: commands, delivered, dead letters") { db in
            try db.execute(
                sql: """
                    CREATE TABLE commands (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        call_key TEXT NOT NULL,
                        step TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        may_have_landed BOOLEAN NOT NULL DEFAULT 0,
                        in_flight BOOLEAN NOT NULL DEFAULT 0,
                        lead_stage TEXT NOT NULL DEFAULT 'check',
                        not_before DOUBLE NOT NULL,
                        enqueued_at DOUBLE NOT NULL,
                        last_error TEXT,
                        UNIQUE (call_key, step)
                    );
                    CREATE TABLE delivered (
                        call_key TEXT NOT NULL,
                        step TEXT NOT NULL,
                        result TEXT NOT NULL,
                        delivered_at DOUBLE NOT NULL,
                        PRIMARY KEY (call_key, step)
                    );
                    CREATE TABLE dead_letters (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        call_key TEXT NOT NULL,
                        step TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        died_at DOUBLE NOT NULL
                    );
                    CREATE INDEX dead_letters_step ON dead_letters (call_key, step);
                    """
            )
        }
        migrator.registerMigration("v2: calls") { db in
            // Calls in progress (``CallStateStore``): one row per Linkedid, the payload a `SavedCall` in JSON.
            try db.execute(
                sql: """
                    CREATE TABLE calls (
                        id TEXT PRIMARY KEY NOT NULL,
                        payload TEXT NOT NULL,
                        updated_at DOUBLE NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v3: recording jobs") { db in
            // Recordings on their way to the portal (``RecordingJobStore``): a row per call, a `RecordingJob` in JSON.
            try db.execute(
                sql: """
                    CREATE TABLE recording_jobs (
                        call_key TEXT PRIMARY KEY NOT NULL,
                        payload TEXT NOT NULL,
                        updated_at DOUBLE NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v4: quarantine") { db in
            // Rows that could not be read (a damaged payload, a value of the wrong type): moved here at start with the
            // reason, for a human to look at, instead of failing every start.
            try db.execute(
                sql: """
                    CREATE TABLE quarantine (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source TEXT NOT NULL,
                        row_id INTEGER,
                        content TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        quarantined_at DOUBLE NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v5: queue members") { db in
            // Engine queues (``QueueMemberStore``): per member device, the end of the last call and the pause.
            try db.execute(
                sql: """
                    CREATE TABLE queue_members (
                        device TEXT PRIMARY KEY NOT NULL,
                        idle_since DOUBLE,
                        paused INTEGER NOT NULL DEFAULT 0,
                        pause_reason TEXT,
                        updated_at DOUBLE NOT NULL
                    );
                    """
            )
        }
        return migrator
    }
}
