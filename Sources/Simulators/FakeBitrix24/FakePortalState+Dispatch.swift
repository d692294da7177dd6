import Foundation
import OrderedCollections
import Synchronization

extension FakePortalState {
    /// Every method the fake knows (lower-case) and the webhook scope it needs (`nil` = basic, always granted).
    static let methodScopes: [String: String?] = [
        "telephony.externalcall.register": "telephony",
        "telephony.externalcall.show": "telephony",
        "telephony.externalcall.hide": "telephony",
        "telephony.externalcall.finish": "telephony",
        "telephony.externalcall.attachrecord": "telephony",
        "telephony.externalcall.searchcrmentities": "telephony",
        "user.get": "user",
        "crm.lead.add": "crm",
        "crm.lead.update": "crm",
        "crm.lead.get": "crm",
        "crm.contact.get": "crm",
        "crm.duplicate.findbycomm": "crm",
        "batch": nil,
        "scope": nil,
        "profile": nil,
    ]

    /// Runs one command: scope check, per-method operating limit, then the method itself.
    mutating func run(method: String, params: FakeJSONObject, context: FakeCallContext) throws -> FakeMethodOutput {
        guard let requiredScope = Self.methodScopes[method] else { throw FakeMethodError.methodNotFound }
        if let scope = requiredScope {
            let granted = context.configuration.scopes
            let userScopes: Set<String> = ["user", "user_basic", "user_brief"]
            let allowed = scope == "user" ? !granted.isDisjoint(with: userScopes) : granted.contains(scope)
            guard allowed else {
                throw FakeMethodError(
                    status: context.configuration.insufficientScopeStatus,
                    code: "insufficient_scope",
                    description: "The request requires higher privileges than provided by the webhook token"
                )
            }
        }
        if let until = blockedMethods[method], context.now < until {
            throw FakeMethodError(
                status: 429,
                code: "OPERATION_TIME_LIMIT",
                description: "Method is blocked due to operation time limit."
            )
        }
        switch method {
        case "telephony.externalcall.register": return try register(params, context)
        case "telephony.externalcall.show": return try showOrHide(params, visible: true)
        case "telephony.externalcall.hide": return try showOrHide(params, visible: false)
        case "telephony.externalcall.finish": return try finish(params, context)
        case "telephony.externalcall.attachrecord": return try attachRecord(params, context)
        case "telephony.externalcall.searchcrmentities": return try searchCrmEntities(params)
        case "user.get": return try userGet(params)
        case "crm.lead.add": return try leadAdd(params, context)
        case "crm.lead.update": return try leadUpdate(params)
        case "crm.lead.get": return try entityGet("LEAD", params)
        case "crm.contact.get": return try entityGet("CONTACT", params)
        case "crm.duplicate.findbycomm": return try duplicateFindByComm(params)
        case "scope": return FakeMethodOutput(.array(context.configuration.scopes.sorted().map(FakeJSON.string)))
        case "profile":
            let user = users[context.configuration.webhookUserID]
            return FakeMethodOutput(
                .object([
                    "ID": .string(String(context.configuration.webhookUserID)),
                    "ADMIN": .bool(true),
                    "NAME": .string(user?.name ?? ""),
                    "LAST_NAME": .string(user?.lastName ?? ""),
                ])
            )
        case "batch":
            guard !context.inBatch else {
                throw FakeMethodError(
                    status: 405,
                    code: "ERROR_BATCH_METHOD_NOT_ALLOWED",
                    description: "Method is not allowed for batch usage"
                )
            }
            return batch(params, context)
        default: throw FakeMethodError.methodNotFound
        }
    }

    /// The portal's clock (Moscow), made once: a formatter costs far more to make than to use.
    private static let moscowTime: Mutex<ISO8601DateFormatter> = {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 3 * 3600)
        return Mutex(formatter)
    }()

    /// The `time` block of an envelope.
    static func timeBlock(_ now: Double) -> FakeJSON {
        let date = moscowTime.withLock { $0.string(from: Date(timeIntervalSince1970: now)) }
        return .object([
            "start": .double(now),
            "finish": .double(now),
            "duration": .double(0),
            "processing": .double(0),
            "date_start": .string(date),
            "date_finish": .string(date),
            "operating_reset_at": .int(Int(now) + 600),
            "operating": .double(0),
        ])
    }

    /// Appends a journal entry.
    mutating func journal(
        method: String,
        params: FakeJSON,
        status: Int,
        result: FakeJSON?,
        error: (code: String, description: String)?,
        inBatch: Bool,
        fault: FakeBitrix24Fault? = nil,
        receivedAt: Date = Date()
    ) {
        journal.append(
            FakeBitrix24JournalEntry(
                sequence: journal.count + 1,
                method: method,
                params: params,
                status: status,
                result: result,
                error: error,
                inBatch: inBatch,
                fault: fault,
                receivedAt: receivedAt
            )
        )
    }
}
