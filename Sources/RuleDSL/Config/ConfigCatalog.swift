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
                            )
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
