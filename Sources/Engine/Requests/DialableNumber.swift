/// A number Bitrix24 asks the PBX to dial (`PHONE_NUMBER`), reduced to what a dialplan can take: ASCII digits with an
/// optional leading `+`. Nothing else survives to the Originate.
///
/// Accepted on input, and removed: spaces, `-`, `.`, and one pair of parentheses around digits (an area code:
/// `+7 (495) 123-45-67`, `8(916)123-45-67`). Refused outright, so that the number is absent: anything else — CR, LF,
/// `,`, `&`, `/`, `;`, `=`, letters, a `+` that is not first, unbalanced or nested parentheses, parentheses around
/// anything but digits — and fewer than 2 or more than 20 digits. `79161234567\r\nAction: Originate`, `7916,DB(x)=1`
/// and `&PJSIP/evil` are all refused.
public enum DialableNumber {
    /// The most digits a dialable number may have (E.164 allows 15; international prefixes add a few).
    public static let maximumDigits = 20

    /// The number with its formatting removed (`+74951234567`), or nil when it is not a dialable number.
    public static func parse(_ text: String) -> String? {
        var result: [UInt8] = []
        var digits = 0
        var inParentheses = false
        var digitsInParentheses = 0
        var sawParentheses = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                result.append(byte)
                digits += 1
                if inParentheses { digitsInParentheses += 1 }
            case UInt8(ascii: "+"):
                guard result.isEmpty, !sawParentheses else { return nil }
                result.append(byte)
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."):
                guard !inParentheses || byte == UInt8(ascii: " ") else { return nil }
            case UInt8(ascii: "("):
                guard !sawParentheses else { return nil }
                inParentheses = true
                sawParentheses = true
            case UInt8(ascii: ")"):
                guard inParentheses, digitsInParentheses > 0 else { return nil }
                inParentheses = false
            default:
                return nil
            }
        }
        guard !inParentheses, (2...maximumDigits).contains(digits) else { return nil }
        return String(decoding: result, as: UTF8.self)
    }
}
