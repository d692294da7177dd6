/// A failed Bitrix24 call, classified. Its texts never contain the webhook secret or a token.
public struct Bitrix24Error: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The portal answered with an error envelope (`error` may be `""` for method-level failures).
        case portal(status: Int, code: String, description: String)
        /// No usable answer: the request timed out, the connection failed or was closed.
        case transport(Bitrix24TransportFailure)
        /// The portal answered something that is not a Bitrix24 envelope.
        case malformedResponse(status: Int, detail: String)
        /// The client refused to send the request (e.g. a batch of more than 50 commands).
        case invalidRequest(String)
    }

    /// The REST method called (`telephony.externalcall.finish`).
    public let method: String
    /// What went wrong.
    public let reason: Reason
    /// What the caller must do.
    public let action: Bitrix24ErrorAction

    /// A classified error.
    public init(method: String, reason: Reason, action: Bitrix24ErrorAction) {
        self.method = method
        self.reason = reason
        self.action = action
    }

    /// The HTTP status, when there was an answer.
    public var httpStatus: Int? {
        switch reason {
        case .portal(let status, _, _), .malformedResponse(let status, _): status
        default: nil
        }
    }

    /// The portal's `error` code (`""` for method-level failures), when there was an envelope.
    public var code: String? {
        if case .portal(_, let code, _) = reason { return code }
        return nil
    }

    /// The portal's `error_description`, when there was an envelope.
    public var portalDescription: String? {
        if case .portal(_, _, let description) = reason { return description }
        return nil
    }

    /// `Call is not found (call should be registered prior to finishing` — finish of an unknown or
    /// already finished call.
    public var isCallNotFound: Bool {
        portalDescription?.hasPrefix("Call is not found (") == true
    }

    /// Whether the request may have reached the portal and taken effect although no answer came
    /// (timeouts and connections closed after sending). `false` when it provably was not processed.
    public var mayHaveReachedPortal: Bool {
        switch reason {
        case .transport(let failure): failure.mayHaveReachedPortal
        case .portal, .malformedResponse: true
        case .invalidRequest: false
        }
    }

    /// One line: method, what happened, what to do. Never contains a secret.
    public var description: String {
        let what: String =
            switch reason {
            case .portal(let status, let code, let text):
                "HTTP \(status) \(code.isEmpty ? "(method error)" : code): \(text)"
            case .transport(let failure): failure.description
            case .malformedResponse(let status, let detail): "HTTP \(status), not a Bitrix24 answer: \(detail)"
            case .invalidRequest(let detail): "request not sent: \(detail)"
            }
        let todo: String =
            switch action {
            case .retryLater: "retry later"
            case .backOffMethod(let until): until.map { "method blocked until \($0)" } ?? "method blocked for a while"
            case .pausePortal(let reason): "portal paused: \(reason)"
            case .giveUp: "giving up on this command"
            }
        return "Bitrix24 \(method): \(what) — \(todo)"
    }
}
