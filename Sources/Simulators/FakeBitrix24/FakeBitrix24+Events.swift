import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OrderedCollections
import Synchronization

extension FakeBitrix24 {
    /// A user clicks a number in the CRM: like the portal, register an outgoing (`TYPE=1`) call for the user
    /// first (CRM binding from the clicked entity or a phone search; `CRM_CREATE` from the line's auto-create),
    /// then POST `ONEXTERNALCALLSTART` (form-urlencoded) to `handlerURL`.
    /// `eventPhoneNumber` puts another `PHONE_NUMBER` into the event than the one registered (a CRM value the
    /// portal's own parser would have cleaned, e.g. a hostile one), for tests.
    /// - Returns: the `CALL_ID` put into the event, and every delivery.
    @discardableResult
    public func clickToCall(
        userID: Int,
        phoneNumber: String,
        eventPhoneNumber: String? = nil,
        lineNumber: String = "",
        crmEntity: (type: String, id: Int)? = nil,
        autoCreateLead: Bool = true,
        isMobile: Bool = false,
        callListID: Int = 0,
        handlerURL: String,
        options: FakeBitrix24EventOptions = .init()
    ) async throws -> (callID: String, deliveries: [FakeBitrix24EventDelivery]) {
        var params: FakeJSONObject = [
            "USER_ID": .int(userID), "PHONE_NUMBER": .string(phoneNumber), "TYPE": .int(1),
            "LINE_NUMBER": .string(lineNumber), "CRM_CREATE": .int(autoCreateLead ? 1 : 0),
            "CALL_LIST_ID": .int(callListID),
        ]
        if let crmEntity {
            params["CRM_ENTITY_TYPE"] = .string(crmEntity.type)
            params["CRM_ENTITY_ID"] = .int(crmEntity.id)
        }
        let context = FakeCallContext(now: clock.now, configuration: configuration, baseURL: baseURL, inBatch: false)
        let registered = try state.withLock { state -> FakeJSON in
            do {
                return try state.register(params, context).result
            } catch let error as FakeMethodError {
                throw FakeBitrix24EventError(description: error.description)
            }
        }
        let callID = registered["CALL_ID"]?.stringValue ?? ""
        var data: FakeJSONObject = [
            "PHONE_NUMBER": .string(eventPhoneNumber ?? phoneNumber),
            "PHONE_NUMBER_INTERNATIONAL": .string("+" + FakePortalState.normalizePhone(phoneNumber)),
            "EXTENSION": .string(""),
            "USER_ID": .string(String(userID)),
            "CALL_LIST_ID": .string(String(callListID)),
            "LINE_NUMBER": .string(lineNumber),
            "IS_MOBILE": .string(isMobile ? "1" : "0"),
            "CALL_ID": .string(callID),
            "CRM_ENTITY_TYPE": .string(registered["CRM_ENTITY_TYPE"]?.stringValue ?? crmEntity?.type ?? "LEAD"),
            "CRM_ENTITY_ID": .string(registered["CRM_ENTITY_ID"]?.stringValue ?? "0"),
        ]
        if let lead = registered["CRM_CREATED_LEAD"]?.intValue {
            data["CRM_CREATED_LEAD"] = .string(String(lead))
            data["CRM_CREATED_ENTITIES"] = .array([
                .object(["ENTITY_TYPE": .string("LEAD"), "ENTITY_ID": .string(String(lead))])
            ])
        }
        let deliveries = try await deliver(event: "ONEXTERNALCALLSTART", data: data, to: handlerURL, options: options)
        return (callID, deliveries)
    }

    /// A visitor asks for a callback through a CRM form whose line is ours: POST `ONEXTERNALCALLBACKSTART`.
    /// No call is registered (the integration registers `TYPE=4` itself).
    @discardableResult
    public func requestCallback(
        phoneNumber: String,
        text: String = "",
        voice: String = "ruinternalfemale",
        lineNumber: String = "",
        crmEntity: (type: String, id: Int)? = nil,
        handlerURL: String,
        options: FakeBitrix24EventOptions = .init()
    ) async throws -> [FakeBitrix24EventDelivery] {
        let data: FakeJSONObject = [
            "PHONE_NUMBER": .string(phoneNumber),
            "TEXT": .string(text),
            "VOICE": .string(voice),
            "CRM_ENTITY_TYPE": .string(crmEntity?.type ?? ""),
            "CRM_ENTITY_ID": .string(crmEntity.map { String($0.id) } ?? ""),
            "LINE_NUMBER": .string(lineNumber),
        ]
        return try await deliver(event: "ONEXTERNALCALLBACKSTART", data: data, to: handlerURL, options: options)
    }

    /// Posts `event` with exactly these `data[…]` fields, in order, as the portal's queue would, but without the
    /// portal's own steps (nothing is registered): for events the real portal could not produce, such as hostile
    /// values in PHONE_NUMBER.
    @discardableResult
    public func postEvent(
        _ event: String,
        data: [(String, String)],
        handlerURL: String,
        options: FakeBitrix24EventOptions = .init()
    ) async throws -> [FakeBitrix24EventDelivery] {
        var fields: FakeJSONObject = [:]
        for (name, value) in data { fields[name] = .string(value) }
        return try await deliver(event: event, data: fields, to: handlerURL, options: options)
    }

    /// Every outbound event delivery so far.
    public var eventDeliveries: [FakeBitrix24EventDelivery] { state.withLock { $0.eventDeliveries } }

    private func deliver(
        event: String,
        data: FakeJSONObject,
        to url: String,
        options: FakeBitrix24EventOptions
    ) async throws -> [FakeBitrix24EventDelivery] {
        if options.delay > .zero { try await Task.sleep(for: options.delay) }
        var auth: FakeJSONObject = [
            "domain": .string(options.domain),
            "client_endpoint": .string("https://\(options.domain)/rest/"),
        ]
        if options.includeServerEndpoint { auth["server_endpoint"] = .string("https://oauth.bitrix.info/rest/") }
        auth["member_id"] = .string(options.memberID)
        if let token = options.applicationToken { auth["application_token"] = .string(token) }
        var body: FakeJSONObject = ["event": .string(event)]
        if let handler = options.eventHandlerID { body["event_handler_id"] = .string(String(handler)) }
        var data = data
        if options.paddingBytes > 0 { data["PADDING"] = .string(String(repeating: "x", count: options.paddingBytes)) }
        body["data"] = .object(data)
        body["ts"] = .string(String(Int(clock.now - options.timestampSkew)))
        body["auth"] = .object(auth)
        let form = FakeFormEncoder.encode(body)

        var deliveries: [FakeBitrix24EventDelivery] = []
        for _ in 0..<max(1, options.deliveries) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "User-Agent", value: "Bitrix24 Webhook Engine")
            request.body = .bytes(ByteBuffer(string: form))
            var status: Int?
            do {
                let timeout = TimeAmount.milliseconds(Int64(options.deliveryTimeout / .milliseconds(1)))
                let response = try await HTTPClient.shared.execute(request, timeout: timeout)
                _ = try? await response.body.collect(upTo: 1 << 20)
                status = Int(response.status.code)
            } catch {
                status = nil
            }
            let delivery = FakeBitrix24EventDelivery(event: event, body: form, status: status)
            state.withLock { $0.eventDeliveries.append(delivery) }
            deliveries.append(delivery)
        }
        return deliveries
    }
}

/// The portal could not start the event (e.g. the user is inactive).
public struct FakeBitrix24EventError: Error, CustomStringConvertible {
    /// The portal's reason.
    public let description: String
}
