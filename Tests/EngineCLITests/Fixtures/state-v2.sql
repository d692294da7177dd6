-- A state file written by `engine run` with schema v2 (migrations "v1: commands, delivered, dead letters" and
-- "v2: calls"), as `sqlite3 switchboard.sqlite .dump` prints it. The engine was killed (SIGKILL) while the three
-- operators' phones rang for the `answered` capture's call and the portal answered 503 to everything: the call is in
-- `calls` (cards shown to 11, 12, 13), and its register, CRM search and three shows wait in `commands`.
-- Read by Tests/EngineCLITests/EndToEnd/SchemaUpgradeEndToEndTests.swift. Never edit: it is what that version wrote.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1: commands, delivered, dead letters');
INSERT INTO grdb_migrations VALUES('v2: calls');
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
INSERT INTO commands VALUES(1,'1795564212.0','register','{"callKey":"1795564212.0","step":"register","params":{"TYPE":2,"EXTERNAL_CALL_ID":"e2e:1795564212.0","SHOW":0,"PHONE_NUMBER":"79161234567","CALL_START_DATE":"2026-11-24T23:50:12+00:00","USER_ID":1,"CRM_CREATE":1,"LINE_NUMBER":"79161234567"},"method":"telephony.externalcall.register","bindings":{},"resultBinding":"b24"}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
INSERT INTO commands VALUES(2,'1795564212.0','as:crm:b24.search_crm','{"method":"telephony.externalcall.searchCrmEntities","bindings":{},"callKey":"1795564212.0","resultBinding":"crm","params":{"PHONE_NUMBER":"79161234567"},"step":"as:crm:b24.search_crm"}',0,0,0,'check',1796402574.7492084503,1796402574.7492084503,NULL);
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
CREATE TABLE calls (
    id TEXT PRIMARY KEY NOT NULL,
    payload TEXT NOT NULL,
    updated_at DOUBLE NOT NULL
);
INSERT INTO calls VALUES('1795564212.0','{"id":"1795564212.0","bindings":{"crm":{"$deferred":["call","crm"]},"b24":{"$deferred":["call","b24"]}},"originUniqueid":"1795564212.0","shown":[11,12,13],"queue":"sales","originBase":"Local\/79161234567@incoming-00000000","callerGone":false,"rings":[{"isRinging":true,"queue":"sales","id":"1795564212.2","answerPending":false,"member":{"interface":"Local\/201@agents","extension":"201","uniqueid":"1795564212.2","channel":"Local\/201@agents-00000001;1"},"hasAnswered":false,"deviceUniqueids":[],"cancelled":false},{"isRinging":true,"queue":"sales","id":"1795564212.4","answerPending":false,"member":{"interface":"Local\/202@agents","extension":"202","uniqueid":"1795564212.4","channel":"Local\/202@agents-00000002;1"},"hasAnswered":false,"deviceUniqueids":[],"cancelled":false},{"isRinging":true,"queue":"sales","id":"1795564212.6","answerPending":false,"member":{"interface":"Local\/203@agents","extension":"203","uniqueid":"1795564212.6","channel":"Local\/203@agents-00000003;1"},"hasAnswered":false,"deviceUniqueids":[],"cancelled":false}],"callerReported":true,"direction":"inbound","did":"79161234567","vars":{},"recording":"\/var\/spool\/asterisk\/monitor\/1795564212.1.wav","dialStatus":"ANSWER","legIDs":["1795564212.0","1795564212.1","1795564212.2","1795564212.3","1795564212.4","1795564212.5","1795564212.6","1795564212.7"],"hasStarted":true,"caller":"79161234567","startedAt":817257012.0139861}',1796402574.7480168342);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('commands',5);
CREATE INDEX dead_letters_step ON dead_letters (call_key, step);
COMMIT;
