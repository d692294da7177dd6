/// manager.conf, read the way Asterisk's config parser reads it: `[section]` headers (with `(template)` and
/// `(!)` suffixes), `key = value` and `key => value` lines, `;` comments and `;-- … --;` blocks, `#include` and
/// `#tryinclude` of other files. Only what the engine needs is interpreted: `[general]` and the users.
public struct ManagerConf: Sendable {
    /// One `[section]`, entries in file order (templates not yet applied).
    public struct Section: Sendable {
        public var name: String
        /// `[name](!)`: a template, not a user.
        public var isTemplate: Bool
        /// `[name](tpl1,tpl2)`: templates whose entries come first.
        public var templates: [String]
        public var entries: [(key: String, value: String)]
    }

    /// The sections, in file order (a repeated section name is a second section, as in Asterisk).
    public private(set) var sections: [Section] = []
    /// Problems met while reading (an `#include` that could not be read, a line that is not `key = value`).
    public private(set) var problems: [String] = []

    /// Reads manager.conf text; `include` reads an `#include`d file by the name written (nil: not readable).
    public init(text: String, include: (String) -> [(name: String, text: String)]? = { _ in nil }) {
        read(text, include: include, depth: 0)
    }

    /// `[general]`'s settings.
    public var general: ManagerGeneral {
        ManagerGeneral(entries: sections.filter { $0.name == "general" }.flatMap(\.entries))
    }

    /// The user `name` (sections are matched ignoring case, as manager.c does), templates applied.
    public func user(named name: String) -> ManagerUser? {
        let matching = sections.filter { !$0.isTemplate && $0.name.lowercased() == name.lowercased() }
        guard let first = matching.first else { return nil }
        var entries: [(key: String, value: String)] = []
        for section in matching {
            for template in section.templates {
                entries += sections.filter { $0.name == template }.flatMap(\.entries)
            }
            entries += section.entries
        }
        return ManagerUser(name: first.name, entries: entries)
    }

    /// Every user section's name.
    public var userNames: [String] {
        sections.filter { !$0.isTemplate && $0.name != "general" }.map(\.name)
    }

    private mutating func read(
        _ text: String,
        include: (String) -> [(name: String, text: String)]?,
        depth: Int
    ) {
        var inBlockComment = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = Substring(raw)
            if inBlockComment {
                guard let end = line.firstRange(of: "--;") else { continue }
                line = line[end.upperBound...]
                inBlockComment = false
            }
            if let start = line.firstRange(of: ";--") {
                if let end = line[start.upperBound...].firstRange(of: "--;") {
                    line = line[..<start.lowerBound] + line[end.upperBound...]
                } else {
                    line = line[..<start.lowerBound]
                    inBlockComment = true
                }
            }
            line = Self.strippingComment(line).trimmingSpaces
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                readDirective(line, include: include, depth: depth)
            } else if line.hasPrefix("[") {
                readSectionHeader(line)
            } else {
                readEntry(line)
            }
        }
    }

    private mutating func readDirective(
        _ line: Substring,
        include: (String) -> [(name: String, text: String)]?,
        depth: Int
    ) {
        let parts = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        let directive = parts.first.map { String($0).lowercased() } ?? ""
        guard directive == "#include" || directive == "#tryinclude", parts.count == 2 else {
            problems.append("\(line): not read (only #include and #tryinclude are followed)")
            return
        }
        var name = String(parts[1].trimmingSpaces)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        guard depth < 8 else {
            problems.append("\(line): includes nested too deep")
            return
        }
        guard let files = include(name) else {
            if directive == "#include" { problems.append("\(line): the file could not be read") }
            return
        }
        for file in files { read(file.text, include: include, depth: depth + 1) }
    }

    private mutating func readSectionHeader(_ line: Substring) {
        guard let close = line.firstIndex(of: "]") else {
            problems.append("\(line): a section header without ]")
            return
        }
        let name = String(line[line.index(after: line.startIndex)..<close].trimmingSpaces)
        var rest = line[line.index(after: close)...].trimmingSpaces
        var isTemplate = false
        var templates: [String] = []
        if rest.hasPrefix("("), let end = rest.firstIndex(of: ")") {
            for option in rest[rest.index(after: rest.startIndex)..<end].split(separator: ",") {
                let option = option.trimmingSpaces
                if option == "!" { isTemplate = true } else if option != "+" { templates.append(String(option)) }
            }
            rest = rest[rest.index(after: end)...]
        }
        sections.append(Section(name: name, isTemplate: isTemplate, templates: templates, entries: []))
    }

    private mutating func readEntry(_ line: Substring) {
        guard let equals = Self.assignment(in: line) else {
            problems.append("\(line): not a key = value line")
            return
        }
        let key = String(line[..<equals.lowerBound].trimmingSpaces)
        let value = String(line[equals.upperBound...].trimmingSpaces)
        guard !sections.isEmpty else {
            problems.append("\(line): outside any [section]")
            return
        }
        sections[sections.count - 1].entries.append((key, value))
    }

    /// The `=` (or `=>`) that separates key and value; an advanced `eventfilter(…)` key holds no `=`.
    private static func assignment(in line: Substring) -> Range<Substring.Index>? {
        var depth = 0
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if character == "=", depth == 0 {
                let next = line.index(after: index)
                if next < line.endIndex, line[next] == ">" { return index..<line.index(after: next) }
                return index..<next
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// The line up to an unescaped `;` (`\;` is a literal semicolon).
    private static func strippingComment(_ line: Substring) -> Substring {
        var result = ""
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\\", line.index(after: index) < line.endIndex, line[line.index(after: index)] == ";" {
                result.append(";")
                index = line.index(index, offsetBy: 2)
                continue
            }
            if character == ";" { break }
            result.append(character)
            index = line.index(after: index)
        }
        return Substring(result)
    }
}
