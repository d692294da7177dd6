import Adapters
import Testing

@Suite("Listen address parsing")
struct ListenAddressTests {
    @Test(
        "host:port, bracketed IPv6, port 0",
        arguments: [
            ("127.0.0.1:9090", "127.0.0.1", 9090),
            ("0.0.0.0:8080", "0.0.0.0", 8080),
            ("localhost:0", "localhost", 0),
            ("[::1]:9090", "::1", 9090),
            ("127.0.0.1:65535", "127.0.0.1", 65535),
        ]
    )
    func parses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == text)
    }

    @Test(
        "bad addresses are typed errors",
        arguments: [
            ("127.0.0.1", ListenAddressError.Reason.missingPort),
            ("127.0.0.1:", .invalidPort),
            ("127.0.0.1:65536", .invalidPort),
            ("127.0.0.1:-1", .invalidPort),
            ("127.0.0.1:80a", .invalidPort),
            ("127.0.0.1:+80", .invalidPort),
            ("127.0.0.1:99999999999999999999", .invalidPort),
            (":9090", .emptyHost),
            ("::1:9090", .ipv6NeedsBrackets),
            ("[::1:9090", .unclosedBracket),
            ("[::1]9090", .missingPort),
            ("exa mple:80", .invalidHost),
            ("", .missingPort),
        ]
    )
    func rejects(text: String, reason: ListenAddressError.Reason) {
        #expect(throws: ListenAddressError(text: text, reason: reason)) { try ListenAddress(parsing: text) }
    }

    @Test("the error names the text, escaped")
    func errorDescription() {
        let error = ListenAddressError(text: "bad\nhost", reason: .missingPort)
        #expect(error.description == #"invalid listen address "bad\nhost": expected host:port"#)
    }
}
