import Foundation

/// `NSNull()` for JSON output.
enum FoundationNull {
    static var value: Any { NSNull() }
}
