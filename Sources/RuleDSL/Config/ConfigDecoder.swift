import Foundation

/// Decodes the YAML tree of `engine.yaml` against ``ConfigCatalog`` into an ``EngineConfig``.
struct ConfigDecoder {
    let source: SourceFile
    let environment: [String: String]
    private var reader = NodeReader()
    private var extra: [Diagnostic] = []
    /// Where secret values are written in the file, so that rendered snippets can hide them.
    private(set) var secretRanges: [SourceRange] = []

    init(source: SourceFile, environment: [String: String]) {
        self.source = source
        self.environment = environment
    }

    var diagnostics: [Diagnostic] { reader.diagnostics + extra }

    mutating func decode(_ root: YAMLNode?) -> EngineConfig {
        var config = EngineConfig()
        guard let root, !root.isNull else { return config }
        guard let top = entries(root, ConfigCatalog.root, "engine.yaml") else { return config }
        if let pbx = top["pbx"].flatMap({ entries($0.value, object("pbx"), "`pbx`") }) {
            config.pbxID = text(pbx["id"], path: "pbx.id") ?? config.pbxID
        }
        if let ami = top["ami"].flatMap({ entries($0.value, object("ami"), "`ami`") }) {
            config.ami = decodeAMI(ami)
        }
        if let b24 = top["bitrix24"].flatMap({ entries($0.value, object("bitrix24"), "`bitrix24`") }) {
            config.bitrix24 = decodeBitrix24(b24)
        }
        if let http = top["http"].flatMap({ entries($0.value, object("http"), "`http`") }) {
            config.httpListen = listen(http["listen"], path: "http.listen")
            config.trustedProxies = networks(http["trusted_proxies"], path: "http.trusted_proxies")
        }
        if let click = top["click_to_call"].flatMap({ entries($0.value, object("click_to_call"), "`click_to_call`") }) {
            config.clickToCall = decodeClickToCall(click)
        }
        if let admin = top["admin"].flatMap({ entries($0.value, object("admin"), "`admin`") }) {
            config.adminListen = listen(admin["listen"], path: "admin.listen") ?? config.adminListen
            if let traces = admin["traces"].flatMap({
                entries($0.value, object("admin", "traces"), "`admin.traces`")
            }) {
                config.traces = decodeTraces(traces)
            }
        }
        if let agi = top["agi"].flatMap({ entries($0.value, object("agi"), "`agi`") }) {
            config.agi = decodeAGI(agi)
        }
        config.rulesPath = text(top["rules"], path: "rules") ?? config.rulesPath
        config.statePath = text(top["state"], path: "state") ?? config.statePath
        if let pair = top["state_max_mb"], let value = int(pair, path: "state_max_mb") {
            if (1...1_048_576).contains(value) {
                config.stateMaxMegabytes = value
            } else {
                invalid(pair.value, "`state_max_mb` must be 1–1048576 (MiB)")
            }
        }
        if let recordings = top["recordings"].flatMap({ entries($0.value, object("recordings"), "`recordings`") }) {
            config.recordings = decodeRecordings(recordings)
        }
        return config
    }

    private mutating func decodeAMI(_ keys: [String: YAMLPair]) -> EngineConfig.AMI? {
        let host = text(keys["host"], path: "ami.host")
        let username = text(keys["username"], path: "ami.username")
        let secret = text(keys["secret"], path: "ami.secret")
        var port = 5038
        if let pair = keys["port"], let value = int(pair, path: "ami.port") {
            if (1...65535).contains(value) { port = value } else { invalid(pair.value, "`ami.port` must be 1–65535") }
        }
        let events = text(keys["events"], path: "ami.events") ?? "on"
        var reconcile = EngineConfig.AMI.defaultReconcileSeconds
        if let pair = keys["reconcile_seconds"], let value = int(pair, path: "ami.reconcile_seconds") {
            if (0...86_400).contains(value) {
                reconcile = value
            } else {
                invalid(pair.value, "`ami.reconcile_seconds` must be 0 (never) to 86400")
            }
        }
        guard let host, let username, let secret else { return nil }
        return EngineConfig.AMI(
            host: host,
            port: port,
            username: username,
            secret: Secret(secret),
            events: events,
            reconcileSeconds: reconcile
        )
    }

    private mutating func decodeBitrix24(_ keys: [String: YAMLPair]) -> EngineConfig.Bitrix24? {
        // Every key is read before giving up, so that every problem is reported.
        let url = text(keys["webhook_url"], path: "bitrix24.webhook_url")
        let defaultUser = keys["default_user"].flatMap { int($0, path: "bitrix24.default_user") }
        if let url, let pair = keys["webhook_url"], !Self.isWebhookURL(url) {
            invalid(pair.value, "`bitrix24.webhook_url` must look like https://PORTAL/rest/<user>/<secret>/")
        } else if let url, let pair = keys["webhook_url"], url.lowercased().hasPrefix("http://"),
            !Self.isLoopback(url)
        {
            extra.append(
                Diagnostic(
                    .insecureWebhook,
                    "`bitrix24.webhook_url` is http://: the secret in it travels in clear text",
                    at: pair.value.range,
                    suggestion: "write https://"
                )
            )
        }
        var perSecond = 2.0
        var burst = 50
        if let limit = keys["rate_limit"].flatMap({
            entries($0.value, object("bitrix24", "rate_limit"), "`bitrix24.rate_limit`")
        }) {
            if let pair = limit["per_second"], let value = double(pair, path: "bitrix24.rate_limit.per_second") {
                if value > 0 { perSecond = value } else { invalid(pair.value, "`per_second` must be above 0") }
            }
            if let pair = limit["burst"], let value = int(pair, path: "bitrix24.rate_limit.burst") {
                if (1...250).contains(value) { burst = value } else { invalid(pair.value, "`burst` must be 1–250") }
            }
        }
        var overrides: [String: Int] = [:]
        if let pair = keys["users"] {
            for entry in reader.mapping(pair.value, what: "`bitrix24.users`") ?? [] {
                guard let ext = entry.key.scalarValue else { continue }
                if let value = entry.value.scalarValue.flatMap(Int.init) {
                    overrides[ext] = value
                } else {
                    invalid(entry.value, "a user id is a number")
                }
            }
        }
        var leadCreation = EngineConfig.LeadCreation.auto
        if let pair = keys["lead_creation"], let value = text(pair, path: "bitrix24.lead_creation") {
            if let mode = EngineConfig.LeadCreation(rawValue: value) {
                leadCreation = mode
            } else {
                invalid(pair.value, "`bitrix24.lead_creation` must be portal, engine or auto")
            }
        }
        let token = text(keys["application_token"], path: "bitrix24.application_token").map(Secret.init)
        let events =
            keys["events"].flatMap { entries($0.value, object("bitrix24", "events"), "`bitrix24.events`") }
            .map { decodeEvents($0) } ?? EngineConfig.Bitrix24Events()
        var highWater = EngineConfig.Bitrix24.defaultOutboxHighWater
        if let pair = keys["outbox_high_water"], let value = int(pair, path: "bitrix24.outbox_high_water") {
            if (1...10_000_000).contains(value) {
                highWater = value
            } else {
                invalid(pair.value, "`bitrix24.outbox_high_water` must be 1–10000000")
            }
        }
        let country = text(keys["country"], path: "bitrix24.country") ?? "RU"
        let anonymous =
            text(keys["anonymous_number"], path: "bitrix24.anonymous_number") ?? EngineConfig.defaultAnonymousNumber
        guard let url, let defaultUser else { return nil }
        return EngineConfig.Bitrix24(
            webhookURL: Secret(url),
            applicationToken: token,
            requestsPerSecond: perSecond,
            burst: burst,
            defaultUser: defaultUser,
            country: country,
            anonymousNumber: anonymous,
            userOverrides: overrides,
            events: events,
            leadCreation: leadCreation,
            outboxHighWater: highWater
        )
    }

    private mutating func decodeTraces(_ keys: [String: YAMLPair]) -> EngineConfig.Traces {
        var traces = EngineConfig.Traces()
        if let pair = keys["enabled"], let value = bool(pair, path: "admin.traces.enabled") { traces.enabled = value }
        if let pair = keys["calls"], let value = int(pair, path: "admin.traces.calls") {
            if (1...10_000).contains(value) {
                traces.calls = value
            } else {
                invalid(pair.value, "`calls` must be 1–10000")
            }
        }
        return traces
    }

    private mutating func decodeEvents(_ keys: [String: YAMLPair]) -> EngineConfig.Bitrix24Events {
        var events = EngineConfig.Bitrix24Events()
        events.domain = text(keys["domain"], path: "bitrix24.events.domain")
        events.memberID = text(keys["member_id"], path: "bitrix24.events.member_id")
        events.maxAgeSeconds =
            positive(keys["max_age_seconds"], path: "bitrix24.events.max_age_seconds") ?? events.maxAgeSeconds
        events.dedupeSeconds =
            positive(keys["dedupe_seconds"], path: "bitrix24.events.dedupe_seconds") ?? events.dedupeSeconds
        events.allowFrom = networks(keys["allow_from"], path: "bitrix24.events.allow_from")
        if let pair = keys["per_source_per_second"],
            let value = double(pair, path: "bitrix24.events.per_source_per_second")
        {
            if value > 0 { events.perSourcePerSecond = value } else { invalid(pair.value, "must be above 0") }
        }
        events.perSourceBurst =
            positive(keys["per_source_burst"], path: "bitrix24.events.per_source_burst") ?? events.perSourceBurst
        return events
    }

    private mutating func decodeClickToCall(_ keys: [String: YAMLPair]) -> EngineConfig.ClickToCall {
        var click = EngineConfig.ClickToCall()
        if let pair = keys["channel"], let channel = text(pair, path: "click_to_call.channel") {
            if channel.contains("{ext}") {
                click.channel = channel
            } else {
                invalid(pair.value, "`click_to_call.channel` must hold {ext}, e.g. Local/{ext}@from-internal")
            }
        }
        click.context = text(keys["context"], path: "click_to_call.context") ?? click.context
        click.ringSeconds = positive(keys["ring_seconds"], path: "click_to_call.ring_seconds") ?? click.ringSeconds
        return click
    }

    private mutating func decodeAGI(_ keys: [String: YAMLPair]) -> EngineConfig.AGI {
        var agi = EngineConfig.AGI()
        agi.listen = listen(keys["listen"], path: "agi.listen") ?? agi.listen
        func bounded(_ key: String, _ range: ClosedRange<Int>, _ current: Int) -> Int {
            guard let pair = keys[key], let value = int(pair, path: "agi.\(key)") else { return current }
            guard range.contains(value) else {
                invalid(pair.value, "`agi.\(key)` must be \(range.lowerBound)–\(range.upperBound)")
                return current
            }
            return value
        }
        agi.deadlineMilliseconds = bounded("deadline_ms", 10...60_000, agi.deadlineMilliseconds)
        agi.lookupCacheSeconds = bounded("lookup_cache_seconds", 0...3600, agi.lookupCacheSeconds)
        agi.sessionSeconds = bounded("session_seconds", 1...3600, agi.sessionSeconds)
        agi.maxSessions = bounded("max_sessions", 1...100_000, agi.maxSessions)
        return agi
    }

    // MARK: typed values

    func object(_ path: String...) -> CatalogObject {
        var current = ConfigCatalog.root
        for name in path {
            guard case .object(let inner)? = current.field(name)?.type else { break }
            current = inner
        }
        return current
    }

    /// The entries of a section, checking keys and required keys.
    private mutating func entries(_ node: YAMLNode, _ schema: CatalogObject, _ place: String) -> [String: YAMLPair]? {
        guard let keys = reader.entries(of: node, allowed: schema.fields.map(\.name), in: place) else { return nil }
        for field in schema.fields where !field.isOptional && keys[field.name] == nil {
            reader.report(
                Diagnostic(
                    .missingKey,
                    "\(place) needs `\(field.name)`",
                    at: node.range.startOnly,
                    suggestion: field.doc.isEmpty ? nil : "\(field.name): \(field.doc)"
                )
            )
        }
        return keys
    }

    /// A text value with `${NAME}` substituted from the environment.
    mutating func text(_ pair: YAMLPair?, path: String) -> String? {
        guard let pair else { return nil }
        // A secret's value is masked in every excerpt, whatever its shape — also when it is not text (an error).
        if ConfigCatalog.secretPaths.contains(path) { secretRanges.append(pair.value.range) }
        guard let value = reader.text(pair.value, what: "`\(path)`") else { return nil }
        if ConfigCatalog.secretPaths.contains(path), !value.value.contains("${") {
            extra.append(
                Diagnostic(
                    .literalSecret,
                    "`\(path)` is written in the file",
                    at: pair.value.range,
                    suggestion: "write \"${NAME}\" and set NAME in the engine's environment"
                )
            )
        }
        switch EnvironmentSubstitution.substitute(value.value, environment: environment) {
        case .success(let text):
            return text
        case .failure(let missing):
            let names = missing.names.map { "`\($0)`" }.joined(separator: ", ")
            extra.append(
                Diagnostic(
                    .missingEnvironmentVariable,
                    "environment variable \(names) for `\(path)` is not set",
                    at: pair.value.range,
                    suggestion:
                        "set it in the engine's environment, e.g. `export \(missing.names[0])=…`, or give the "
                        + "service the credential (systemd `LoadCredential=\(missing.names[0]):/path`)"
                )
            )
            return nil
        }
    }

    mutating func int(_ pair: YAMLPair, path: String) -> Int? {
        guard let text = text(pair, path: path) else { return nil }
        guard let value = Int(text) else {
            invalid(pair.value, "`\(path)` must be a whole number")
            return nil
        }
        return value
    }

    /// A whole number above 0.
    private mutating func positive(_ pair: YAMLPair?, path: String) -> Int? {
        guard let pair, let value = int(pair, path: path) else { return nil }
        guard value > 0 else {
            invalid(pair.value, "`\(path)` must be above 0")
            return nil
        }
        return value
    }

    /// A list of networks in CIDR form.
    private mutating func networks(_ pair: YAMLPair?, path: String) -> [IPNetwork] {
        guard let pair else { return [] }
        var networks: [IPNetwork] = []
        for item in reader.sequence(pair.value, what: "`\(path)`") ?? [] {
            guard let text = reader.text(item, what: "an entry of `\(path)`") else { continue }
            if let network = IPNetwork(text.value) {
                networks.append(network)
            } else {
                invalid(item, "`\(text.value)` is not an address or a network (203.0.113.0/24, 2001:db8::/32)")
            }
        }
        return networks
    }

    mutating func double(_ pair: YAMLPair, path: String) -> Double? {
        guard let text = text(pair, path: path) else { return nil }
        guard let value = Double(text) else {
            invalid(pair.value, "`\(path)` must be a number")
            return nil
        }
        return value
    }

    private mutating func listen(_ pair: YAMLPair?, path: String) -> String? {
        guard let pair, let value = text(pair, path: path) else { return nil }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let port = Int(parts[parts.count - 1]), (0...65535).contains(port),
            !parts.dropLast().joined(separator: ":").isEmpty
        else {
            invalid(pair.value, "`\(path)` must be host:port, e.g. 127.0.0.1:9090")
            return nil
        }
        return value
    }

    mutating func invalid(_ node: YAMLNode, _ message: String) {
        extra.append(Diagnostic(.invalidConfigValue, message, at: node.range))
    }

    /// Whether an `http://` URL points at this machine (a test portal, a local proxy): no wire to read it on.
    static func isLoopback(_ url: String) -> Bool {
        let rest = url.dropFirst("http://".count)
        let host = rest.prefix { $0 != "/" && $0 != ":" }
        return host == "127.0.0.1" || host == "localhost" || rest.hasPrefix("[::1]")
    }

    static func isWebhookURL(_ url: String) -> Bool {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return false }
        return url.contains("/rest/")
    }
}
