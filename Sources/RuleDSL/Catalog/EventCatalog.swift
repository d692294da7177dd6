/// The registry of events rules can name in `on:`, with their fields. Lint, the JSON Schema
/// generator and the interpreter all read this one registry; later issues add events here.
public enum EventCatalog {
    /// Every event, AMI first, then engine events, then the events Bitrix24 sends, then the FastAGI server's.
    public static let all: [EventSchema] = amiEvents + engineEvents + bitrix24Events + agiEvents

    private static let byName: [String: EventSchema] = Dictionary(
        all.map { ($0.name, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The event named exactly `name`.
    public static func event(named name: String) -> EventSchema? { byName[name] }

    /// Every event name, for "did you mean" suggestions.
    public static var names: [String] { all.map(\.name) }
}
