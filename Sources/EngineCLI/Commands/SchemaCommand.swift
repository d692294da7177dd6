import ArgumentParser
import RuleDSL

/// `engine schema rules`: prints the JSON Schema of rule files, generated from the catalogs.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a JSON Schema generated from the catalogs (for editors).",
        discussion: """
            Regenerate the committed files with `engine schema rules > schemas/rules.schema.json` and
            `engine schema config > schemas/config.schema.json`.
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case rules, config
    }

    @Argument(help: "Which schema: rules or config.")
    var kind: Kind = .rules

    func run() throws {
        switch kind {
        case .rules: print(RulesJSONSchema.generate(), terminator: "")
        case .config: print(ConfigJSONSchema.generate(), terminator: "")
        }
    }
}
