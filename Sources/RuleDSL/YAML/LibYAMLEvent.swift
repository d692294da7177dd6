/// One event of libyaml's event API, copied out of C memory into Swift values.
enum LibYAMLEvent {
    /// Node properties shared by scalars and collection starts.
    struct Properties {
        var tag: String?
        var anchor: String?
        var start: SourcePosition
    }

    case streamStart
    case streamEnd
    case documentStart(SourcePosition)
    case documentEnd
    case scalar(String, ScalarStyle, Properties, end: SourcePosition)
    case sequenceStart(CollectionStyle, Properties)
    case sequenceEnd(end: SourcePosition)
    case mappingStart(CollectionStyle, Properties)
    case mappingEnd(end: SourcePosition)
    case alias(anchor: String, start: SourcePosition, end: SourcePosition)
}

/// A parse error as libyaml reports it, positions already 1-based.
struct LibYAMLError: Error {
    /// libyaml's description of the problem, e.g. "did not find expected key".
    var problem: String
    /// Where the problem is.
    var problemPosition: SourcePosition
    /// What libyaml was doing, e.g. "while parsing a block mapping".
    var context: String?
    /// Where that started.
    var contextPosition: SourcePosition?
}
