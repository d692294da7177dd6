public import AsyncHTTPClient

extension HTTPClient {
    /// The HTTP client of Bitrix24 calls: like `.shared`, but it never follows a redirect. A webhook URL carries its
    /// secret in the path and every request carries call data; a redirect (a moved portal, `http://` to `https://`,
    /// a hostile DNS answer) would send both wherever the answer points. A 3xx answer pauses the portal instead,
    /// with a message naming `bitrix24.webhook_url`. Lives as long as the process, like `.shared`.
    public static let bitrix24: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
