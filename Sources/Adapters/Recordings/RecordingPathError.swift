/// A recording name the engine will not read.
public enum RecordingPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Empty, with a NUL byte, or with a `..` component.
    case unsafe(String)
    /// A relative name, and no `recordings.dir` to resolve it in.
    case relativeWithoutDirectory(String)

    public var description: String {
        switch self {
        case .unsafe(let name): "unsafe recording name \(name.debugDescription) (empty, NUL or `..`)"
        case .relativeWithoutDirectory(let name):
            "recording name \(name.debugDescription) is relative and recordings.dir is not set"
        }
    }
}
