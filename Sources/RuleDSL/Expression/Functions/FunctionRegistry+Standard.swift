extension FunctionRegistry {
    /// The built-in functions: `size startsWith endsWith contains matches replace lower upper digits
    /// normalize_phone extension user_of extension_of lookup string int double` (`has` is a macro handled by the
    /// checker). `user_of` and `extension_of` are bound at run time (``FunctionBindings``), `normalize_phone`
    /// follows `phone`.
    public static func standard(phone: PhoneNormalization = .russia) -> FunctionRegistry {
        var registry = FunctionRegistry()
        let anyList = ExpressionType.list(.dyn)
        let anyMap = ExpressionType.map(key: .dyn, value: .dyn)

        // size
        for form in [FunctionOverload.Form.receiver, .global] {
            for type in [ExpressionType.string, anyList, anyMap] {
                registry.register(
                    FunctionOverload(
                        "size",
                        form,
                        parameters: [type],
                        result: .int,
                        summary:
                            "number of characters (Unicode scalars) of a string, "
                            + "elements of a list or entries of a map",
                        implementation: .unary(Builtins.size)
                    )
                )
            }
        }
        // String predicates.
        registry.register(
            FunctionOverload(
                "startsWith",
                .receiver,
                parameters: [.string, .string],
                result: .bool,
                summary: "whether the string starts with the argument",
                implementation: .binary { (text, prefix) throws(EvaluationError) in
                    .bool(
                        try Builtins.string(text, "startsWith").utf8.starts(
                            with: try Builtins.string(prefix, "startsWith").utf8
                        )
                    )
                }
            )
        )
        registry.register(
            FunctionOverload(
                "endsWith",
                .receiver,
                parameters: [.string, .string],
                result: .bool,
                summary: "whether the string ends with the argument",
                implementation: .binary { (text, suffix) throws(EvaluationError) in
                    .bool(
                        try Builtins.string(text, "endsWith").utf8.reversed().starts(
                            with: try Builtins.string(suffix, "endsWith").utf8.reversed()
                        )
                    )
                }
            )
        )
        registry.register(
            FunctionOverload(
                "contains",
                .receiver,
                parameters: [.string, .string],
                result: .bool,
                summary: "whether the argument occurs in the string",
                implementation: .binary { (text, part) throws(EvaluationError) in
                    .bool(
                        Builtins.contains(try Builtins.string(text, "contains"), try Builtins.string(part, "contains"))
                    )
                }
            )
        )
        for form in [FunctionOverload.Form.receiver, .global] {
            registry.register(
                FunctionOverload(
                    "matches",
                    form,
                    parameters: [.string, .string],
                    result: .bool,
                    summary: "whether the regular expression (a literal, RE2 syntax) matches somewhere in the string",
                    specializer: Builtins.specializeMatches,
                    implementation: .binary(Builtins.matchesDynamic)
                )
            )
        }
        registry.register(
            FunctionOverload(
                "replace",
                .receiver,
                parameters: [.string, .string, .string],
                result: .string,
                summary: "the string with every occurrence of the first argument replaced by the second",
                implementation: .variadic { (values) throws(EvaluationError) in
                    let text = try Builtins.string(values[0], "replace")
                    let old = try Builtins.string(values[1], "replace")
                    guard !old.isEmpty else { return .string(text) }
                    return .string(text.replacing(old, with: try Builtins.string(values[2], "replace")))
                }
            )
        )
        let caseMappings: [(String, @Sendable (String) -> String)] = [
            ("lower", { $0.lowercased() }), ("upper", { $0.uppercased() }),
        ]
        for (name, transform) in caseMappings {
            for form in [FunctionOverload.Form.receiver, .global] {
                registry.register(
                    FunctionOverload(
                        name,
                        form,
                        parameters: [.string],
                        result: .string,
                        summary: name == "lower" ? "the string in lower case" : "the string in upper case",
                        implementation: .unary { (value) throws(EvaluationError) in
                            .string(transform(try Builtins.string(value, name)))
                        }
                    )
                )
            }
        }
        // Domain helpers.
        registry.register(
            FunctionOverload(
                "digits",
                parameters: [.string],
                result: .string,
                summary: "the ASCII digits of the string, everything else dropped",
                implementation: .unary { (value) throws(EvaluationError) in
                    .string(PhoneNormalization.digits(of: try Builtins.string(value, "digits")))
                }
            )
        )
        registry.register(
            FunctionOverload(
                "normalize_phone",
                parameters: [.string],
                result: .string,
                summary:
                    "the number in international form without `+` (country code \(phone.countryCode), "
                    + "trunk prefix \(phone.trunkPrefix.isEmpty ? "none" : phone.trunkPrefix))",
                implementation: .unary { (value) throws(EvaluationError) in
                    .string(phone.normalize(try Builtins.string(value, "normalize_phone")))
                }
            )
        )
        registry.register(
            FunctionOverload(
                "extension",
                parameters: [.string],
                result: .string,
                summary:
                    "the extension inside an interface or channel name: "
                    + "PJSIP/201, SIP/201-0000a1, Local/201@agents/n → 201",
                implementation: .unary { (value) throws(EvaluationError) in
                    .string(InterfaceExtension.extract(try Builtins.string(value, "extension")))
                }
            )
        )
        registry.register(
            FunctionOverload(
                "user_of",
                parameters: [.string],
                result: .int,
                summary:
                    "the Bitrix24 user id of an extension, from the user directory "
                    + "(absent when the extension has no user)",
                implementation: .bound("user_of")
            )
        )
        registry.register(
            FunctionOverload(
                "extension_of",
                parameters: [.int],
                result: .string,
                summary:
                    "the extension of a Bitrix24 user, from the user directory "
                    + "(absent when the user has none that can be dialled)",
                implementation: .bound("extension_of")
            )
        )
        registry.register(
            FunctionOverload(
                "lookup",
                parameters: [anyMap, .dyn],
                result: .dyn,
                summary:
                    "the value of a key in a map (absent when the key is missing); "
                    + "int and bool keys are looked up as text",
                resultType: { types in
                    if case .map(_, let value) = types.first { return value }
                    return .dyn
                },
                implementation: .binary(Builtins.lookup)
            )
        )
        // Conversions.
        registry.register(
            FunctionOverload(
                "string",
                parameters: [.dyn],
                result: .string,
                summary: "the text of a string, number, bool or null",
                acceptsDeferred: true,
                implementation: .unary(Builtins.toString)
            )
        )
        registry.register(
            FunctionOverload(
                "int",
                parameters: [.dyn],
                result: .int,
                summary: "an integer from an int, a double (truncated toward zero) or decimal text",
                implementation: .unary(Builtins.toInt)
            )
        )
        registry.register(
            FunctionOverload(
                "double",
                parameters: [.dyn],
                result: .double,
                summary: "a double from a number or decimal text",
                implementation: .unary(Builtins.toDouble)
            )
        )
        return registry
    }
}
