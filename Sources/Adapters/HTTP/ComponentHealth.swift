/// The health of one component: healthy or not, and a short detail for operators.
public struct ComponentHealth: Sendable, Hashable {
    /// Whether the component works.
    public var isHealthy: Bool
    /// A short plain-text detail, e.g. `logged in` or `connection refused (retrying)`.
    public var detail: String

    /// The longest detail kept; longer texts are cut.
    public static let maximumDetailLength = 200

    /// A component state. The detail is cleaned: control characters become spaces, surrounding whitespace
    /// is trimmed, and it is cut to `maximumDetailLength` characters.
    ///
    /// The detail is served by `/healthz`: it must never contain a secret (AMI secret, webhook URL, token)
    /// or request data. Pass a plain description of the state, not an error's full text.
    public init(isHealthy: Bool, detail: String) {
        self.isHealthy = isHealthy
        self.detail = Self.clean(detail)
    }

    /// A healthy component.
    public static func healthy(_ detail: String = "ok") -> ComponentHealth {
        ComponentHealth(isHealthy: true, detail: detail)
    }

    /// An unhealthy component.
    public static func unhealthy(_ detail: String) -> ComponentHealth {
        ComponentHealth(isHealthy: false, detail: detail)
    }

    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl =
                scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
            scalars.append(isControl ? " " : scalar)
        }
        let trimmed = String(scalars).trimmingWhitespace()
        guard trimmed.count > maximumDetailLength else { return trimmed }
        return String(trimmed.prefix(maximumDetailLength - 1)) + "…"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let characters = Substring(self).drop(while: \.isWhitespace)
        var end = characters.endIndex
        while end > characters.startIndex, characters[characters.index(before: end)].isWhitespace {
            end = characters.index(before: end)
        }
        return String(characters[..<end])
    }
}
