-- A state file of schema v1 (migration "v1: commands, delivered, dead letters" only, before calls were kept): the
-- commands of state-v2.sql as that version stored them (no `resultBinding` in the payloads, no `calls` table).
-- Read by Tests/EngineCLITests/EndToEnd/SchemaUpgradeEndToEndTests.swift. Never edit: it is what that version wrote.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1: commands, delivered, dead letters');
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
INSERT INTO commands VALUES(1,'1795564212.0','register','{"callKey":"1795564212.0","step":"register","params":{"TYPE":2,"EXTERNAL_CALL_ID":"e2e:1795564212.0","SHOW":0,"PHONE_NUMBER":"79161234567","CALL_START_DATE":"2026-11-24T23:50:12+00:00","USER_ID":1,"CRM_CREATE":1,"LINE_NUMBER":"79161234567"},"method":"telephony.externalcall.register","bindings":{}}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
INSERT INTO commands VALUES(2,'1795564212.0','as:crm:b24.search_crm','{"method":"telephony.externalcall.searchCrmEntities","bindings":{},"callKey":"1795564212.0","params":{"PHONE_NUMBER":"79161234567"},"step":"as:crm:b24.search_crm"}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
INSERT INTO commands VALUES(3,'1795564212.0','show-mx97plrl-3','{"step":"show-mx97plrl-3","method":"telephony.externalcall.show","callKey":"1795564212.0","bindings":{"CALL_ID":{"path":["CALL_ID"],"step":"register"}},"params":{"USER_ID":[11]}}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
INSERT INTO commands VALUES(4,'1795564212.0','show-mx97plrl-4','{"callKey":"1795564212.0","step":"show-mx97plrl-4","params":{"USER_ID":[12]},"method":"telephony.externalcall.show","bindings":{"CALL_ID":{"step":"register","path":["CALL_ID"]}}}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
INSERT INTO commands VALUES(5,'1795564212.0','show-mx97plrl-5','{"method":"telephony.externalcall.show","callKey":"1795564212.0","bindings":{"CALL_ID":{"path":["CALL_ID"],"step":"register"}},"params":{"USER_ID":[13]},"step":"show-mx97plrl-5"}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
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
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('commands',5);
CREATE INDEX dead_letters_step ON dead_letters (call_key, step);
COMMIT;
