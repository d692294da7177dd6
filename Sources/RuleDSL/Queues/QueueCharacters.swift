/// The characters allowed in the dialplan values of `queues:`: nothing that would add a `Dial()` argument (`,`),
/// another member (`&`), a function call (`(`, `)`), an expression (`$`, `[`) or break an AGI line (CR, LF).
enum QueueCharacters {
    /// Dial strings and devices: `PJSIP/201`, `Local/201@agents`, `SIP/trunk/+79161234567`.
    static func dial(_ scalar: Unicode.Scalar) -> Bool {
        isAlphanumeric(scalar) || "/@_-.:+#*".unicodeScalars.contains(scalar)
    }

    /// Contexts and extensions: `voicemail`, `ivr-main`, `s`, `_2XX`.
    static func dialplanName(_ scalar: Unicode.Scalar) -> Bool {
        isAlphanumeric(scalar) || "_-.+#*".unicodeScalars.contains(scalar)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
