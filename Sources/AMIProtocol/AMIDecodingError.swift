/// A problem found in the byte stream. The decoder reports it and carries on with the next message.
public enum AMIDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A message grew past the size limit without ending. Its bytes were discarded up to the next blank line.
    case messageTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .messageTooLarge(let limit):
            "AMI message exceeded \(limit) bytes without a blank line; discarded up to the next blank line"
        }
    }
}
