public import RuleDSL

/// Run-time functions for when no user directory is at hand (`engine replay`, tests): `user_of(extension)`
/// answers a deferred reference `user_of.<extension>` (and `extension_of(user)` one `extension_of.<user>`), which the
/// executor would resolve against the Bitrix24 user directory. Nothing is invented: the intent shows what it waits
/// for.
public enum DirectoryPlaceholder {
    /// `user_of` and `extension_of` bound to deferred references.
    public static var functions: FunctionBindings {
        FunctionBindings([
            "user_of": { arguments throws(EvaluationError) -> Value in
                guard case .string(let extensionNumber)? = arguments.first else {
                    throw .absent("user_of(extension)")
                }
                return .deferred(.reference(DeferredReference(["user_of", extensionNumber])))
            },
            "extension_of": { arguments throws(EvaluationError) -> Value in
                guard case .int(let user)? = arguments.first else { throw .absent("extension_of(user)") }
                return .deferred(.reference(DeferredReference(["extension_of", String(user)])))
            },
        ])
    }
}
