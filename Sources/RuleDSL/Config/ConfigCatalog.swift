/// The keys of `engine.yaml`: one registry used by the config loader, the JSON Schema generator
/// (`schemas/config.schema.json`) and, for the keys that are not secret, by expressions (`config.*`).
public enum ConfigCatalog {
    /// The paths of keys whose values are secrets: never readable by expressions, never logged.
    public static let secretPaths: Set<String> = ["ami.secret", "bitrix24.webhook_url", "bitrix24.application_token"]

    /// The whole file.
    public static let root = CatalogObject(
        name: "engine.yaml",
        fields: [
            FieldSchema(
                "pbx",
                .object(
                    CatalogObject(
                        name: "pbx",
                        fields: [
                            FieldSchema("id", .string, doc: "prefixes EXTERNAL_CALL_ID so several PBXs never collide")
                        ]
                    )
                ),
                optional: true,
                doc: "this PBX"
            ),
            FieldSchema(
                "ami",
                .object(
                    CatalogObject(
                        name: "ami",
                        fields: [
                            FieldSchema("host", .string, doc: "Asterisk's address"),
                            FieldSchema("port", .int, optional: true, doc: "default 5038"),
                            FieldSchema("username", .string, doc: "the manager.conf user"),
                            FieldSchema(
                                "secret",
                                .string,
                                doc: "its secret; write \"${AMI_SECRET}\" to read it from the environment"
                            ),
                            FieldSchema("events", .string, optional: true, doc: "event mask; default: on"),
                            FieldSchema(
                                "reconcile_seconds",
                                .int,
                                optional: true,
                                doc: "seconds between reconciles with CoreShowChannels; default 300, 0: never"
                            ),
                        ]
                    )
                ),
                optional: true,
                doc: "the Asterisk Manager Interface; `engine run` needs it (`engine demo` runs without)"
            ),
            FieldSchema(
                "bitrix24",
                .object(
                    CatalogObject(
                        name: "bitrix24",
                        fields: [
                            FieldSchema("webhook_url", .string, doc: "https://PORTAL/rest/<user>/<secret>/ (a secret)"),
                            FieldSchema(
                                "application_token",
                                .string,
                                optional: true,
                                doc: "verifies ONEXTERNALCALLSTART posts (a secret)"
                            ),
                            FieldSchema(
                                "rate_limit",
                                .object(
                                    CatalogObject(
                                        name: "rate_limit",
                                        fields: [
                                            FieldSchema("per_second", .double, doc: "2 on most plans, 5 on Enterprise"),
                                            FieldSchema("burst", .int, doc: "50 on most plans, 250 on Enterprise"),
                                        ]
                                    )
                                ),
                                optional: true
                            ),
                            FieldSchema("default_user", .int, doc: "the user of calls nobody answered"),
                            FieldSchema(
                                "country",
                                .string,
                                optional: true,
                                doc: "ISO country for phone normalisation; default RU"
                            ),
                            FieldSchema(
                                "anonymous_number",
                                .string,
                                optional: true,
                                doc: "registered for withheld numbers"
                            ),
                            FieldSchema("users", .map(.int), optional: true, doc: "extension → user id overrides"),
                            FieldSchema(
                                "events",
                                .object(events),
                                optional: true,
                                doc: "checks on the events Bitrix24 posts to POST /bitrix24/events"
                            ),
                            FieldSchema(
                                "lead_creation",
                                .enumeration(EngineConfig.LeadCreation.allCases.map(\.rawValue)),
                                optional: true,
                                doc:
                                    "who creates an unknown caller's lead: portal (CRM_CREATE), engine (search → "
                                    + "lead → register, the call bound to it), auto (portal until "
                                    + "LEAD_CREATION_ERROR; default)"
                            ),
                            FieldSchema(
                                "outbox_high_water",
                                .int,
                                optional: true,
                                doc:
                                    "commands waiting for the portal above which the log alerts (once, until the "
                                    + "depth is back to half of it); default 10000"
                            ),
                        ]
                    )
                ),
                optional: true,
                doc: "the Bitrix24 portal; `engine run` needs it (`engine demo` runs without)"
            ),
            FieldSchema(
                "http",
                .object(
                    CatalogObject(
                        name: "http",
                        fields: [
                            FieldSchema(
                                "listen",
                                .string,
                                doc: "host:port of the public endpoint (POST /bitrix24/events, GET /healthz)"
                            ),
                            FieldSchema(
                                "trusted_proxies",
                                .list(.string),
                                optional: true,
                                doc: "reverse proxies (CIDR) whose X-Forwarded-For names the real source"
                            ),
                        ]
                    )
                ),
                optional: true
            ),
            FieldSchema(
                "admin",
                .object(
                    CatalogObject(
                        name: "admin",
                        fields: [
                            FieldSchema(
                                "listen",
                                .string,
                                doc: "host:port of /metrics, reload and traces; keep it on loopback"
                            ),
                            FieldSchema(
                                "traces",
                                .object(
                                    CatalogObject(
                                        name: "traces",
                                        fields: [
                                            FieldSchema(
                                                "enabled",
                                                .bool,
                                                optional: true,
                                                doc: "keep per-call traces (they hold phone numbers); default true"
                                            ),
                                            FieldSchema(
                                                "calls",
                                                .int,
                                                optional: true,
                                                doc: "how many of the last calls keep their trace; default 50"
                                            ),
                                        ]
                                    )
                                ),
                                optional: true,
                                doc: "the console's per-call rule traces"
                            ),
                        ]
                    )
                ),
                optional: true
            ),
            FieldSchema(
                "click_to_call",
                .object(clickToCall),
                optional: true,
                doc: "what the default click-to-call rules read as config.click_to_call.*"
            ),
            FieldSchema(
                "agi",
                .object(
                    CatalogObject(
                        name: "agi",
                        fields: [
                            FieldSchema("listen", .string, optional: true, doc: "host:port; default 127.0.0.1:4573"),
                            FieldSchema(
                                "deadline_ms",
                                .int,
                                optional: true,
                                doc: "how long a request waits for the rules' answer; default 500"
                            ),
                            FieldSchema(
                                "lookup_cache_seconds",
                                .int,
                                optional: true,
                                doc: "how long a CRM lookup is remembered per number; default 30 (0: not remembered)"
                            ),
                            FieldSchema(
                                "session_seconds",
                                .int,
                                optional: true,
                                doc: "the longest a session stays open (a stalled peer is closed); default 10"
                            ),
                            FieldSchema(
                                "max_sessions",
                                .int,
                                optional: true,
                                doc: "sessions open at once; default 1000"
                            ),
                        ]
                    )
                ),
                optional: true,
                doc: "the FastAGI server the dialplan asks (AGI(agi://…/route)); absent: no server"
            ),
            FieldSchema("rules", .string, optional: true, doc: "the rules folder; default rules/"),
            FieldSchema("state", .string, optional: true, doc: "the SQLite file; default var/switchboard.sqlite"),
            FieldSchema(
                "state_max_mb",
                .int,
                optional: true,
                doc: "the most the state file may grow to, in MiB; past it, writes fail as on a full disk; default none"
            ),
            FieldSchema(
                "recordings",
                .object(
                    CatalogObject(
                        name: "recordings",
                        fields: [
                            FieldSchema("enabled", .bool, optional: true, doc: "default true"),
                            FieldSchema(
                                "dir",
                                .string,
                                optional: true,
                                doc: "where the engine reads MixMonitor's files; reported paths are looked up here"
                            ),
                            FieldSchema(
                                "encoder",
                                .enumeration(["lame", "libmp3lame"]),
                                optional: true,
                                doc: "lame (the program; default) or libmp3lame (in process)"
                            ),
                            FieldSchema("lame", .string, optional: true, doc: "the lame program; default lame (PATH)"),
                            FieldSchema("bitrate", .int, optional: true, doc: "mp3 kbit/s: 8–64; default 32"),
                            FieldSchema(
                                "concurrency",
                                .int,
                                optional: true,
                                doc: "conversions at once; default cores − 1"
                            ),
                            FieldSchema(
                                "settle_seconds",
                                .double,
                                optional: true,
                                doc: "a file is complete once its size held this long; default 1"
                            ),
                            FieldSchema(
                                "max_wait_seconds",
                                .double,
                                optional: true,
                                doc: "give a missing or growing file up after this; default 120"
                            ),
                            FieldSchema(
                                "inline_max_bytes",
                                .int,
                                optional: true,
                                doc: "larger mp3s use the two-step upload; default 1048576"
                            ),
                            FieldSchema("keep_wav", .bool, optional: true, doc: "false deletes attached wavs"),
                            FieldSchema(
                                "work_dir",
                                .string,
                                optional: true,
                                doc: "mp3s waiting for upload; default recordings/ beside the state file"
                            ),
                        ]
                    )
                ),
                optional: true,
                doc: "recordings attached to the calls (b24.attach_record); absent: off"
            ),
        ]
    )

    static let events = CatalogObject(
        name: "events",
        fields: [
            FieldSchema("domain", .string, optional: true, doc: "auth[domain] must equal it, e.g. acme.bitrix24.ru"),
            FieldSchema("member_id", .string, optional: true, doc: "auth[member_id] must equal it"),
            FieldSchema(
                "max_age_seconds",
                .int,
                optional: true,
                doc: "older events are finished with a failure status, not dialled; default 30"
            ),
            FieldSchema(
                "dedupe_seconds",
                .int,
                optional: true,
                doc: "the same event within this window is handled once; default 600"
            ),
            FieldSchema(
                "allow_from",
                .list(.string),
                optional: true,
                doc: "sources (CIDR) allowed to post; default any"
            ),
            FieldSchema("per_source_per_second", .double, optional: true, doc: "requests/s per source; default 5"),
            FieldSchema("per_source_burst", .int, optional: true, doc: "burst per source; default 20"),
        ]
    )

    static let clickToCall = CatalogObject(
        name: "click_to_call",
        fields: [
            FieldSchema(
                "channel",
                .string,
                optional: true,
                doc: "the operator's phone, {ext} for the extension; default Local/{ext}@from-internal"
            ),
            FieldSchema(
                "context",
                .string,
                optional: true,
                doc: "the context the client's number is dialled in; default from-internal"
            ),
            FieldSchema("ring_seconds", .int, optional: true, doc: "how long the operator's phone rings; default 30"),
        ]
    )
}
