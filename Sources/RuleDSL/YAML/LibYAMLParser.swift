internal import CYAML

/// Owns a libyaml parser over a private copy of the input and pulls events from it.
///
/// Not thread-safe; one instance per file, used from one task.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var failed = false

    /// Prepares to parse `bytes` (UTF-8).
    init(bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, nil after the stream ended, or a thrown ``LibYAMLError``.
    func next() throws(LibYAMLError) -> LibYAMLEvent? {
        if failed { return nil }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            failed = true
            throw currentError()
        }
        defer { yaml_event_delete(&event) }
        return convert(&event)
    }

    private func convert(_ event: inout yaml_event_t) -> LibYAMLEvent? {
        let start = Self.position(event.start_mark)
        let end = Self.position(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", start: start, end: end)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value =
                scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                } ?? ""
            let properties = LibYAMLEvent.Properties(
                tag: Self.string(scalar.tag),
                anchor: Self.string(scalar.anchor),
                start: start
            )
            return .scalar(value, Self.style(scalar.style), properties, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let sequence = event.data.sequence_start
            let properties = LibYAMLEvent.Properties(
                tag: Self.string(sequence.tag),
                anchor: Self.string(sequence.anchor),
                start: start
            )
            return .sequenceStart(sequence.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block, properties)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let mapping = event.data.mapping_start
            let properties = LibYAMLEvent.Properties(
                tag: Self.string(mapping.tag),
                anchor: Self.string(mapping.anchor),
                start: start
            )
            return .mappingStart(mapping.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block, properties)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(end: end)
        default:
            return .streamEnd
        }
    }

    private func currentError() -> LibYAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown error"
        let context = state.context.map { String(cString: $0) }
        var position = Self.position(state.problem_mark)
        if state.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a mark.
            position = SourcePosition(line: 0, column: state.problem_offset)
        }
        return LibYAMLError(
            problem: problem,
            problemPosition: position,
            context: context,
            contextPosition: context == nil ? nil : Self.position(state.context_mark)
        )
    }

    /// True when the last error came from libyaml's reader, whose position is a byte offset.
    var failedInReader: Bool { parser.pointee.error == YAML_READER_ERROR }

    private static func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: mark.line + 1, column: mark.column + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
