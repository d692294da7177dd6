/// An optional value kept out of line: one pointer inside its container (8 bytes, none when unset), the value in a box
/// of its own once set. For large fields that are seldom set, in values kept by the thousand (``Call``): every byte of
/// a call counts once per slot of the model's table of calls. A value type: setting it makes a new box, so copies never
/// share a change.
enum OutOfLine<Wrapped: Sendable>: Sendable {
    case none
    indirect case some(Wrapped)

    /// `value` out of line (none when nil).
    init(_ value: Wrapped?) {
        self = value.map { .some($0) } ?? .none
    }

    /// The value, nil when unset.
    var value: Wrapped? {
        switch self {
        case .none: nil
        case .some(let value): value
        }
    }
}
