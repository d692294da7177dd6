public import Adapters
public import RuleDSL
import Synchronization

/// The extension → Bitrix24 user map the rules' `user_of(extension)` reads, synchronously: configured
/// overrides first, then the latest snapshot of the portal's directory (`user.get`, refreshed in the background).
public final class UserLookup: Sendable {
    private let state: Mutex<(overrides: [String: Int], snapshot: Bitrix24DirectorySnapshot?)>

    /// A lookup with `overrides` (from `bitrix24.users` in engine.yaml).
    public init(overrides: [String: Int] = [:]) {
        state = Mutex((overrides, nil))
    }

    /// Puts a fresh directory snapshot in force.
    public func update(_ snapshot: Bitrix24DirectorySnapshot) {
        state.withLock { $0.snapshot = snapshot }
    }

    /// The user of `extension`, if any.
    public func user(forExtension ext: String) -> Int? {
        state.withLock { $0.overrides[ext] ?? $0.snapshot?.userByExtension[ext] }
    }

    /// `user_of(extension)`: the user id, absent when nobody has that extension (so `user_of(x) ?? default` works).
    public var functions: FunctionBindings {
        FunctionBindings([
            "user_of": { [self] arguments throws(EvaluationError) -> Value in
                guard case .string(let ext)? = arguments.first else { throw .absent("user_of(extension)") }
                guard let user = self.user(forExtension: ext) else { throw .absent("user_of(\"\(ext)\")") }
                return .int(user)
            }
        ])
    }
}
