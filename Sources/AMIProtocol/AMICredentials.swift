/// The manager.conf user the client logs in as.
public struct AMICredentials: Sendable, Hashable {
    /// How the secret is proven.
    public enum Method: Sendable, Hashable {
        /// `Secret:` in the Login action.
        case plain
        /// `Action: Challenge` / `AuthType: MD5`, then `Key: md5(challenge + secret)`.
        case md5
    }

    /// The `[user]` section name in manager.conf.
    public var username: String
    /// The user's `secret=`.
    public var secret: AMISecret
    /// Plain or MD5 challenge.
    public var method: Method

    /// Creates credentials.
    public init(username: String, secret: AMISecret, method: Method = .plain) {
        self.username = username
        self.secret = secret
        self.method = method
    }
}
