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

    /// The extension of `user` that can be dialled (digits only), if any: configured overrides first (the lowest
    /// extension mapped to the user), then the directory.
    public func `extension`(ofUser user: Int) -> String? {
        let found = state.withLock { state in
            state.overrides.filter { $0.value == user }.keys.min() ?? state.snapshot?.extensionByUser[user]
        }
        guard let found, Self.isDialable(found) else { return nil }
        return found
    }

    /// 1 to 20 ASCII digits: what may go into an Originate's channel.
    static func isDialable(_ number: String) -> Bool {
        (1...20).contains(number.utf8.count)
            && number.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `user_of(extension)`: the user id, absent when nobody has that extension (so `user_of(x) ?? default` works);
    /// `extension_of(user)`: the user's dialable extension, absent when they have none.
    public var functions: FunctionBindings {
        FunctionBindings([
            "user_of": { [self] arguments throws(EvaluationError) -> Value in
                guard case .string(let ext)? = arguments.first else { throw .absent("user_of(extension)") }
                guard let user = self.user(forExtension: ext) else { throw .absent("user_of(\"\(ext)\")") }
                return .int(user)
            },
            "extension_of": { [self] arguments throws(EvaluationError) -> Value in
                guard case .int(let user)? = arguments.first else { throw .absent("extension_of(user)") }
                guard let ext = self.extension(ofUser: user) else { throw .absent("extension_of(\(user))") }
                return .string(ext)
            },
        ])
    }
}
