import Foundation

/// `${NAME}` in configuration text, replaced by the environment variable NAME when the file is loaded
/// (so secrets stay out of engine.yaml). `$${` is a literal `${`.
enum EnvironmentSubstitution {
    /// The text with every `${NAME}` replaced, or the names that are not set.
    static func substitute(_ text: String, environment: [String: String]) -> Result<String, MissingVariables> {
        var result = ""
        var missing: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if rest[..<start.lowerBound].hasSuffix("$") {
                result += rest[..<rest.index(before: start.lowerBound)] + "${"
                rest = rest[start.upperBound...]
                continue
            }
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            result += rest[..<start.lowerBound]
            let name = String(rest[start.upperBound..<end])
            if let value = environment[name] {
                result += value
            } else {
                missing.append(name)
            }
            rest = rest[rest.index(after: end)...]
        }
        result += rest
        return missing.isEmpty ? .success(result) : .failure(MissingVariables(names: missing))
    }

    /// Environment variables a value names that are not set.
    struct MissingVariables: Error {
        var names: [String]
    }
}
