/// The `queues:` part of `schemas/rules.schema.json`, mirroring ``QueueSectionDecoder``.
enum QueueJSONSchema {
    static func section(doc: String) -> [String: Any] {
        [
            "type": "object",
            "description": doc,
            "propertyNames": ["pattern": identifier],
            "additionalProperties": queue,
        ]
    }

    private static let identifier = "^[A-Za-z_][A-Za-z0-9_]*$"
    private static let dial = "^[A-Za-z0-9/@_.:+#*-]{1,200}$"
    private static let dialplanName = "^[A-Za-z0-9_.+#*-]{1,200}$"

    private static func seconds(_ doc: String) -> [String: Any] {
        [
            "description": doc,
            "anyOf": [["type": "integer", "minimum": 0], ["type": "string", "pattern": "^[0-9]+(s|m|m[0-9]+s)$"]],
        ]
    }

    private static var queue: [String: Any] {
        [
            "type": "object",
            "additionalProperties": false,
            "required": ["members"],
            "properties": [
                "description": ["type": "string"],
                "strategy": [
                    "enum": QueueStrategy.allCases.map(\.rawValue),
                    "description": "fair (default): longest-idle first, a member who missed waits for the others",
                ],
                "ring": seconds("seconds one attempt rings (1–600, default \(QueueSpec.defaultRingSeconds))"),
                "max_wait": seconds(
                    "seconds a caller waits before the overflow (1–86400, default \(QueueSpec.defaultMaxWaitSeconds))"
                ),
                "wrap_up": seconds("seconds a member rests after a call (0–3600, default 0)"),
                "overflow": overflow,
                "members": [
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": ["pattern": identifier],
                    "additionalProperties": ["anyOf": [["type": "string", "pattern": dial], member]],
                ],
            ],
        ]
    }

    private static var member: [String: Any] {
        [
            "type": "object",
            "additionalProperties": false,
            "properties": [
                "dial": ["type": "string", "pattern": dial, "description": "what Dial() dials, e.g. PJSIP/201"],
                "extension": [
                    "type": "string", "pattern": dialplanName,
                    "description": "internal number; dialled as PJSIP/<extension> without `dial`",
                ],
                "device": ["type": "string", "pattern": dial, "description": "the device whose state counts"],
                "user": [
                    "anyOf": [["type": "integer", "minimum": 1], ["type": "string", "pattern": "^[1-9][0-9]*$"]],
                    "description": "Bitrix24 user id",
                ],
            ],
            "anyOf": [["required": ["dial"]], ["required": ["extension"]]],
        ]
    }

    private static var overflow: [String: Any] {
        [
            "oneOf": [
                [
                    "type": "object", "additionalProperties": false, "required": ["queue"],
                    "properties": ["queue": ["type": "string", "pattern": identifier]],
                ],
                [
                    "type": "object", "additionalProperties": false, "required": ["context", "extension"],
                    "properties": [
                        "context": ["type": "string", "pattern": dialplanName],
                        "extension": ["type": "string", "pattern": dialplanName],
                        "priority": ["anyOf": [["type": "integer", "minimum": 1], ["type": "string"]]],
                    ],
                ],
            ]
        ]
    }
}
