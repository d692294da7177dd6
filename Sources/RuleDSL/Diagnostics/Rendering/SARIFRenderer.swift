/// `engine lint --format sarif`: a SARIF 2.1.0 log with one run, every diagnostic code as a rule
/// of the tool's driver and every diagnostic as a result (notes with ranges as related locations).
enum SARIFRenderer {
    struct Text: Encodable { var text: String }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        init(_ range: SourceRange) {
            startLine = range.start.line
            startColumn = range.start.column
            endLine = range.end.line
            endColumn = range.end.column
        }
    }
    struct ArtifactLocation: Encodable { var uri: String }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Text?
        init(_ range: SourceRange, id: Int? = nil, message: String? = nil) {
            self.id = id
            physicalLocation = PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: range.file),
                region: Region(range)
            )
            self.message = message.map(Text.init)
        }
    }
    struct Configuration: Encodable { var level: String }
    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var defaultConfiguration: Configuration
    }
    struct Driver: Encodable {
        var name: String
        var informationUri: String
        var rules: [Rule]
    }
    struct Tool: Encodable { var driver: Driver }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
        var relatedLocations: [Location]?
    }
    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    static func render(_ report: LintReport) -> String {
        let codes = DiagnosticCatalog.all
        let rules = codes.map {
            Rule(
                id: $0.id,
                name: $0.name,
                shortDescription: Text(text: $0.summary),
                fullDescription: Text(text: $0.explanation),
                defaultConfiguration: Configuration(level: level($0.defaultSeverity))
            )
        }
        let results = report.diagnostics.map { diagnostic in
            var message = diagnostic.message
            if let suggestion = diagnostic.suggestion { message += " (\(suggestion))" }
            let related = diagnostic.notes.enumerated().compactMap { index, note in
                note.range.map { Location($0, id: index, message: note.message) }
            }
            return Result(
                ruleId: diagnostic.code.id,
                ruleIndex: codes.firstIndex(of: diagnostic.code) ?? 0,
                level: level(diagnostic.severity),
                message: Text(text: message),
                locations: [Location(diagnostic.range)],
                relatedLocations: related.isEmpty ? nil : related
            )
        }
        let driver = Driver(
            name: "switchboard-engine",
            informationUri: "https://example.invalid/switchboard",
            rules: rules
        )
        return JSONRenderer.encode(Log(runs: [Run(tool: Tool(driver: driver), results: results)]))
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}
