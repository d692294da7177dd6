import Testing

@testable import RuleDSL

@Suite struct DomainFunctionTests {
    @Test(arguments: [
        ("+7 (916) 123-45-67", "79161234567"),
        ("8 (916) 123-45-67", "79161234567"),
        ("8-916-123-45-67", "79161234567"),
        ("916 123 45 67", "79161234567"),
        ("0079161234567", "79161234567"),
        ("810 7 916 123 45 67", "79161234567"),
        ("+49 30 1234567", "49301234567"),
        ("79161234567", "79161234567"),
        ("89161234567", "79161234567"),
        ("201", "201"),
        ("112", "112"),
        ("<unknown>", ""),
        ("", ""),
    ])
    func russianNumbers(input: String, expected: String) {
        #expect(PhoneNormalization.russia.normalize(input) == expected)
    }

    @Test func otherCountries() {
        let germany = PhoneNormalization(
            countryCode: "49",
            trunkPrefix: "0",
            internationalPrefixes: ["00"],
            nationalNumberLength: 10
        )
        #expect(germany.normalize("030 12345678") == "493012345678")
        #expect(germany.normalize("0049 30 12345678") == "493012345678")
        #expect(germany.normalize("+49 (0)30 12345678") == "4903012345678")  // "(0)" is not interpreted: digits only
        let noTrunk = PhoneNormalization(
            countryCode: "1",
            trunkPrefix: "",
            internationalPrefixes: ["011"],
            nationalNumberLength: 10
        )
        #expect(noTrunk.normalize("(212) 555-0100") == "12125550100")
        #expect(noTrunk.normalize("011 44 20 7946 0000") == "442079460000")
    }

    @Test func configuredNormalizationReachesExpressions() throws {
        let germany = PhoneNormalization(countryCode: "49", trunkPrefix: "0", internationalPrefixes: ["00"])
        let compiler = ExpressionCompiler(environment: TypeEnvironment(functions: .standard(phone: germany)))
        let expression = try #require(compiler.compile(#"normalize_phone("03012345678")"#).expression)
        #expect(try expression.evaluate(EvaluationContext(variables: [:])) == "493012345678")
    }

    @Test(arguments: [
        ("PJSIP/201", "201"),
        ("SIP/201-0000a1", "201"),
        ("Local/201@agents/n", "201"),
        ("Local/201@agents-00000012;1", "201"),
        ("Local/201@agents-00000012;2", "201"),
        ("IAX2/201", "201"),
        ("IAX2/201-4257", "201"),
        ("PJSIP/201-00000012", "201"),
        ("PJSIP/operator-ivanov", "operator-ivanov"),
        ("PJSIP/trunk-mts-0000002a", "trunk-mts"),
        ("PJSIP/201/sip:201@10.0.0.5:5060", "201"),
        ("DAHDI/1-1", "1-1"),
        ("201", "201"),
        ("", ""),
    ])
    func interfaceExtensions(input: String, expected: String) {
        #expect(InterfaceExtension.extract(input) == expected)
    }

    @Test func literalRegexIsCompiledOnceAndBadOnesAreCompileErrors() throws {
        let compiler = ExpressionTestEnvironment.compiler
        let good = compiler.compile(#"event.Channel.matches("^PJSIP/[0-9]+-")"#)
        #expect(good.issues.isEmpty)
        #expect(try good.expression?.evaluate(ExpressionTestEnvironment.context()) == true)
        let bad = compiler.compile(#"event.Channel.matches("(unclosed")"#)
        #expect(bad.expression == nil)
        #expect(bad.issues.map(\.kind) == [.invalidRegex])
        #expect(bad.issues.first?.span == ExpressionSpan(22, 33))
        // A computed pattern is an error of the file (E313): a caller must not choose the pattern.
        let dynamic = compiler.compile(#"event.Channel.matches(event.Queue + "(")"#)
        #expect(dynamic.expression == nil)
        #expect(dynamic.issues.map(\.kind) == [.dynamicRegex])
    }
}
