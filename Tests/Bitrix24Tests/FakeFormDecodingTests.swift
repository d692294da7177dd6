import Testing

@testable import Simulators

/// How the fake decodes a form component (`application/x-www-form-urlencoded`, and the commands of a `batch`).
@Suite("Fake Bitrix24 form decoding")
struct FakeFormDecodingTests {
    @Test("`+` is a space, %XX a byte (UTF-8 across escapes); malformed escapes stay as written")
    func components() {
        #expect(FakeRequestParameters.decodeComponent("79160000002") == "79160000002")
        #expect(FakeRequestParameters.decodeComponent("a+b%20c") == "a b c")
        #expect(FakeRequestParameters.decodeComponent("%2B79160000002") == "+79160000002")
        #expect(FakeRequestParameters.decodeComponent("%D0%97%d0%b2") == "Зв")
        #expect(FakeRequestParameters.decodeComponent("%zz+1") == "%zz 1")
        #expect(FakeRequestParameters.decodeComponent("50%") == "50%")
        #expect(FakeRequestParameters.decodeComponent("%2") == "%2")
        #expect(FakeRequestParameters.decodeComponent("%+1") == "% 1", "a sign is not a hex digit")
        #expect(FakeRequestParameters.decodeComponent("%FF+x") == "%FF x", "not UTF-8: left as written")
    }

    @Test("a form body: names with brackets nest, values decode")
    func form() {
        let parsed = FakeJSON.object(
            FakeRequestParameters.parseForm("FIELDS%5BTITLE%5D=Call+from+%2B7916&FIELDS[PHONE][0]=1&halt=0")
        )
        #expect(parsed["halt"] == .string("0"))
        #expect(parsed["FIELDS"]?["TITLE"] == .string("Call from +7916"))
    }
}
