public import AMIProtocol
import Adapters

/// How the test server answers an action. Replies get the action's `ActionID` added after their first header.
public enum AMIScriptedReply: Sendable {
    /// One `Response:` message with these headers (first header usually `Response`).
    case response([AMIHeader])
    /// A list: `Response: Success` / `EventList: start`, the items (each an event, first header `Event`), then
    /// `Event: <completeEvent>` / `EventList: Complete` / `ListItems: n`.
    case list(items: [[AMIHeader]], completeEvent: String)
    /// No answer at all (for timeout tests).
    case silence
    /// Any messages, computed from the received action.
    case custom(@Sendable (AMIMessage) -> [AMIMessage])

    /// `Response: Success` with an optional `Message:`.
    public static func success(_ message: String? = nil) -> AMIScriptedReply {
        .response([AMIHeader("Response", "Success")] + (message.map { [AMIHeader("Message", $0)] } ?? []))
    }

    /// `Response: Error` with a `Message:`.
    public static func error(_ message: String) -> AMIScriptedReply {
        .response([AMIHeader("Response", "Error"), AMIHeader("Message", message)])
    }

    /// The messages to send for `action`.
    func messages(for action: AMIMessage) -> [AMIMessage] {
        let actionID = action.actionID
        switch self {
        case .response(let headers):
            return [Self.withActionID(headers, actionID)]
        case .list(let items, let completeEvent):
            var messages = [
                Self.withActionID(
                    [
                        AMIHeader("Response", "Success"), AMIHeader("EventList", "start"),
                        AMIHeader("Message", "Events will follow"),
                    ],
                    actionID
                )
            ]
            messages += items.map { Self.withActionID($0, actionID) }
            messages.append(
                Self.withActionID(
                    [
                        AMIHeader("Event", completeEvent), AMIHeader("EventList", "Complete"),
                        AMIHeader("ListItems", String(items.count)),
                    ],
                    actionID
                )
            )
            return messages
        case .silence:
            return []
        case .custom(let build):
            return build(action)
        }
    }

    static func withActionID(_ headers: [AMIHeader], _ actionID: String?) -> AMIMessage {
        guard let actionID, !headers.isEmpty else { return AMIMessage(headers) }
        var headers = headers
        headers.insert(AMIHeader("ActionID", actionID), at: 1)
        return AMIMessage(headers)
    }
}
