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
                                "lead_creation",
                                .enumeration(EngineConfig.LeadCreation.allCases.map(\.rawValue)),
                                optional: true,
                                doc:
                                    "who creates an unknown caller's lead: portal (CRM_CREATE), engine (search → "
                                    + "lead → register, the call bound to it), auto (portal until "
                                    + "LEAD_CREATION_ERROR; default)"
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
                            )
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
                            )
                        ]
                    )
                ),
                optional: true
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
                "recordings",
                .object(
                    CatalogObject(
                        name: "recordings",
                        fields: [
                            FieldSchema("dir", .string, doc: "where MixMonitor writes recordings")
                        ]
                    )
                ),
                optional: true
            ),
        ]
    )
}
