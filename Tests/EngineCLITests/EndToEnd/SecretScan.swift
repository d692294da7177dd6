import Testing

/// A text the engine produced (log, command output, HTTP body), named by where it came from.
struct ProducedText: Sendable {
    let source: String
    let text: String
}

/// Greps what the engine produced for the three secrets of the rig: the webhook secret, the AMI secret and
/// the application token.
enum SecretScan {
    static let secrets: [(name: String, value: String)] = [
        ("webhook secret", EndToEndRig.webhookSecret),
        ("AMI secret", EndToEndRig.amiSecret),
        ("application token", EndToEndRig.appToken),
    ]

    /// One line per occurrence: which secret, in which text, with the line it is on.
    static func leaks(in texts: [ProducedText]) -> [String] {
        var found: [String] = []
        for produced in texts {
            for line in produced.text.split(separator: "\n", omittingEmptySubsequences: true) {
                for secret in secrets where line.contains(secret.value) {
                    found.append("\(secret.name) in \(produced.source): \(line)")
                }
            }
        }
        return found
    }

    /// Fails the test for every occurrence of a secret.
    static func expectNoSecrets(in texts: [ProducedText], sourceLocation: SourceLocation = #_sourceLocation) {
        let found = leaks(in: texts)
        #expect(found.isEmpty, "secrets leaked:\n\(found.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
