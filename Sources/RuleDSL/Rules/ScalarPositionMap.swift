/// Maps offsets inside a scalar's decoded text back to positions in the file, so an error at
/// column 14 of an expression is reported at its real line and column — also inside quoted,
/// folded (`>-`) and literal (`|`) scalars, where the decoded text and the source differ.
///
/// The map aligns the decoded text with the source text between the scalar's marks: each decoded
/// character is matched to the next source character equal to it, skipping what YAML removed
/// (indentation, line breaks folded into spaces, quotes, escape backslashes).
public struct ScalarPositionMap: Sendable {
    private let positions: [SourcePosition]
    private let file: String

    /// Builds the map of `node` (a scalar) in `source`.
    public init(node: YAMLNode, source: SourceFile) {
        file = source.path
        guard case .scalar(let value, let style) = node.kind else {
            positions = [node.range.start]
            return
        }
        let sourceScalars = Self.sourceScalars(of: node, style: style, in: source)
        var result: [SourcePosition] = []
        result.reserveCapacity(value.unicodeScalars.count + 1)
        var cursor = 0
        for scalar in value.unicodeScalars {
            var probe = cursor
            var skippedOthers = 0
            var found: Int?
            while probe < sourceScalars.count {
                let candidate = sourceScalars[probe].scalar
                if candidate == scalar {
                    found = probe
                    break
                }
                if !Self.removable.contains(candidate) {
                    skippedOthers += 1
                    if skippedOthers > 2 { break }
                }
                probe += 1
            }
            if let found {
                result.append(sourceScalars[found].position)
                cursor = found + 1
            } else {
                result.append(cursor < sourceScalars.count ? sourceScalars[cursor].position : node.range.end)
            }
        }
        result.append(
            cursor < sourceScalars.count
                ? sourceScalars[cursor].position
                : (result.last.map {
                    SourcePosition(line: $0.line, column: $0.column + 1)
                } ?? node.range.end)
        )
        positions = result
    }

    /// The position of the decoded text's scalar at `offset` (the end for offsets past it).
    public func position(at offset: Int) -> SourcePosition {
        positions[min(max(offset, 0), positions.count - 1)]
    }

    /// The file range of the decoded text's scalars `start..<end`.
    public func range(_ start: Int, _ end: Int) -> SourceRange {
        let from = position(at: start)
        var to = end > start ? position(at: end - 1) : from
        to.column += 1
        if to.line != from.line { return SourceRange(file: file, start: from, end: from) }
        return SourceRange(file: file, start: from, end: to)
    }

    private static let removable: Set<Unicode.Scalar> = [" ", "\t", "\n", "\"", "'", "\\"]

    /// The source characters the scalar spans, line breaks included as "\n"; a block scalar's header
    /// line and a quoted scalar's opening quote are left out.
    private static func sourceScalars(
        of node: YAMLNode,
        style: ScalarStyle,
        in source: SourceFile
    )
        -> [(scalar: Unicode.Scalar, position: SourcePosition)]
    {
        var result: [(scalar: Unicode.Scalar, position: SourcePosition)] = []
        var line = node.range.start.line
        var column = node.range.start.column
        switch style {
        case .literal, .folded:
            line += 1
            column = 1
        case .singleQuoted, .doubleQuoted:
            column += 1
        case .plain:
            break
        }
        let end = node.range.end
        while line <= min(end.line, source.lines.count) {
            let text = source.lines[line - 1]
            var index = 0
            for scalar in text {
                index += 1
                if index < column { continue }
                if line == end.line && index >= end.column { break }
                result.append((scalar, SourcePosition(line: line, column: index)))
            }
            if line != end.line { result.append(("\n", SourcePosition(line: line, column: text.count + 1))) }
            line += 1
            column = 1
        }
        return result
    }
}
