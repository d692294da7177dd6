/// Decodes the `queues:` section of a rule file: strict keys, typed values, every problem a positioned diagnostic.
/// Dial strings, devices, contexts and extensions are checked character by character, because they end up in
/// the dialplan's `Dial()` and `Goto()` (a `,` or `&` would add arguments or members, CR/LF would break AGI).
struct QueueSectionDecoder {
    static let queueKeys = ["description", "strategy", "members", "ring", "max_wait", "wrap_up", "overflow"]
    static let memberKeys = ["dial", "extension", "user", "device"]
    static let overflowKeys = ["queue", "context", "extension", "priority"]

    var reader: NodeReader

    mutating func decode(_ node: YAMLNode) -> [QueueDefinition] {
        (reader.mapping(node, what: "`queues`") ?? []).compactMap { pair in
            guard let name = reader.name(pair.key, what: "queue name") else { return nil }
            return decodeQueue(name: name, node: pair.value)
        }
    }

    private mutating func decodeQueue(name: Located<String>, node: YAMLNode) -> QueueDefinition? {
        let place = "queue `\(name.value)`"
        guard let keys = reader.entries(of: node, allowed: Self.queueKeys, in: place) else { return nil }
        var spec = QueueSpec(name: name.value, members: [])
        var definition = QueueDefinition(name: name, spec: spec, memberNames: [])
        if let description = keys["description"] { _ = reader.text(description.value, what: "`description`") }
        if let strategy = keys["strategy"], let text = reader.text(strategy.value, what: "`strategy`") {
            if let known = QueueStrategy(rawValue: text.value) {
                spec.strategy = known
            } else {
                let names = QueueStrategy.allCases.map(\.rawValue)
                reader.report(
                    Diagnostic(
                        .invalidQueueSetting,
                        "unknown queue strategy `\(text.value)`\(Spelling.hint(for: text.value, among: names))",
                        at: text.range,
                        notes: [Diagnostic.Note("strategies: " + names.joined(separator: ", "))]
                    )
                )
            }
        }
        if let ring = keys["ring"] {
            spec.ringSeconds = seconds(ring.value, what: "`ring`", in: 1...600) ?? spec.ringSeconds
            definition.ringRange = ring.value.range
        }
        if let wait = keys["max_wait"] {
            spec.maxWaitSeconds = seconds(wait.value, what: "`max_wait`", in: 1...86_400) ?? spec.maxWaitSeconds
            definition.maxWaitRange = wait.value.range
        }
        if let wrapUp = keys["wrap_up"] {
            spec.wrapUpSeconds = seconds(wrapUp.value, what: "`wrap_up`", in: 0...3_600) ?? spec.wrapUpSeconds
        }
        if let overflow = keys["overflow"] {
            let decoded = decodeOverflow(overflow.value, place: place)
            spec.overflow = decoded.overflow
            definition.overflowQueue = decoded.queue
        }
        var declaredMembers = 0
        if let members = keys["members"] {
            let pairs = reader.mapping(members.value, what: "the members of \(place)") ?? []
            declaredMembers = pairs.count
            for pair in pairs {
                guard let memberName = reader.name(pair.key, what: "member name"),
                    let member = decodeMember(name: memberName.value, node: pair.value)
                else { continue }
                spec.members.append(member)
                definition.memberNames.append(memberName)
            }
        }
        if declaredMembers == 0 {
            reader.report(
                Diagnostic(
                    .invalidQueueMember,
                    "\(place) has no members",
                    at: keys["members"]?.key.range ?? name.range,
                    suggestion: "list members, e.g. `members: {ivan: {dial: PJSIP/201, user: 7}}`"
                )
            )
        }
        definition.spec = spec
        return definition
    }

    private mutating func decodeMember(name: String, node: YAMLNode) -> QueueMemberSpec? {
        let place = "member `\(name)`"
        if node.scalarValue != nil, !node.isNull {
            guard let dial = dialString(node, what: "the dial string of \(place)") else { return nil }
            return QueueMemberSpec(name: name, dial: dial)
        }
        guard let keys = reader.entries(of: node, allowed: Self.memberKeys, in: place) else { return nil }
        let number = keys["extension"].flatMap { extensionText($0.value, what: "`extension` of \(place)") }
        var dial = keys["dial"].flatMap { dialString($0.value, what: "`dial` of \(place)") }
        if keys["dial"] == nil {
            if let number {
                dial = "PJSIP/\(number)"
            } else {
                reader.report(
                    Diagnostic(
                        .invalidQueueMember,
                        "\(place) has neither `dial` nor `extension`",
                        at: node.range.startOnly,
                        suggestion: "add `dial: PJSIP/201` or `extension: \"201\"` (dialled as PJSIP/201)"
                    )
                )
            }
        }
        let device = keys["device"].flatMap { dialString($0.value, what: "`device` of \(place)") }
        var user: Int?
        if let userNode = keys["user"] {
            if let text = userNode.value.scalarValue, let id = Int(text), id > 0 {
                user = id
            } else {
                reader.report(
                    Diagnostic(
                        .invalidQueueMember,
                        "`user` of \(place) must be a Bitrix24 user id (a positive number)",
                        at: userNode.value.range
                    )
                )
            }
        }
        guard let dial else { return nil }
        return QueueMemberSpec(name: name, dial: dial, device: device, extensionNumber: number, user: user)
    }

    private mutating func decodeOverflow(
        _ node: YAMLNode,
        place: String
    ) -> (overflow: QueueOverflow?, queue: Located<String>?) {
        let what = "`overflow` of \(place)"
        guard let keys = reader.entries(of: node, allowed: Self.overflowKeys, in: what) else { return (nil, nil) }
        if let queue = keys["queue"] {
            if keys["context"] != nil || keys["extension"] != nil {
                reader.report(
                    Diagnostic(
                        .invalidQueueSetting,
                        "\(what) names both a queue and a dialplan place",
                        at: queue.key.range,
                        suggestion: "keep either `queue:` or `context:` with `extension:`"
                    )
                )
            }
            guard let name = reader.name(queue.value, what: "overflow queue name") else { return (nil, nil) }
            return (.queue(name.value), name)
        }
        guard let contextPair = keys["context"], let extensionPair = keys["extension"] else {
            reader.report(
                Diagnostic(
                    .invalidQueueSetting,
                    "\(what) needs `queue:`, or `context:` and `extension:`",
                    at: node.range.startOnly,
                    suggestion: "e.g. `overflow: {queue: support}` or `overflow: {context: voicemail, extension: s}`"
                )
            )
            return (nil, nil)
        }
        var priority = 1
        if let priorityPair = keys["priority"] {
            if let text = priorityPair.value.scalarValue, let number = Int(text), number > 0 {
                priority = number
            } else {
                reader.report(
                    Diagnostic(
                        .invalidQueueSetting,
                        "`priority` of \(what) must be a positive number",
                        at: priorityPair.value.range
                    )
                )
            }
        }
        guard let context = dialplanName(contextPair.value, what: "`context` of \(what)"),
            let exten = extensionText(extensionPair.value, what: "`extension` of \(what)")
        else { return (nil, nil) }
        return (.dialplan(context: context, extension: exten, priority: priority), nil)
    }

    // MARK: values

    /// Whole seconds: `20`, `20s`, `2m`, `1m30s`, within `range`.
    private mutating func seconds(_ node: YAMLNode, what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = reader.text(node, what: what) else { return nil }
        guard let value = QueueDuration.seconds(text.value), range.contains(value) else {
            reader.report(
                Diagnostic(
                    .invalidQueueSetting,
                    "\(what) must be seconds between \(range.lowerBound) and \(range.upperBound), not `\(text.value)`",
                    at: text.range,
                    suggestion: "write seconds (`20`) or minutes and seconds (`2m`, `1m30s`)"
                )
            )
            return nil
        }
        return value
    }

    private mutating func dialString(_ node: YAMLNode, what: String) -> String? {
        checked(node, what: what, allowed: QueueCharacters.dial, example: "PJSIP/201 or Local/201@agents")
    }

    private mutating func extensionText(_ node: YAMLNode, what: String) -> String? {
        checked(node, what: what, allowed: QueueCharacters.dialplanName, example: "201, s or _2XX")
    }

    private mutating func dialplanName(_ node: YAMLNode, what: String) -> String? {
        checked(node, what: what, allowed: QueueCharacters.dialplanName, example: "voicemail or ivr-main")
    }

    private mutating func checked(
        _ node: YAMLNode,
        what: String,
        allowed: (Unicode.Scalar) -> Bool,
        example: String
    ) -> String? {
        guard let text = reader.text(node, what: what) else { return nil }
        guard !text.value.isEmpty, text.value.unicodeScalars.count <= 200, text.value.unicodeScalars.allSatisfy(allowed)
        else {
            let bad = text.value.unicodeScalars.first { !allowed($0) }
            let detail = bad.map { " (`\($0.escaped(asASCII: true))` is not allowed)" } ?? ""
            reader.report(
                Diagnostic(
                    .invalidQueueMember,
                    "\(what) is not a valid dialplan value\(detail)",
                    at: text.range,
                    suggestion: "letters, digits and the usual dial-string characters, e.g. \(example)"
                )
            )
            return nil
        }
        return text.value
    }
}
