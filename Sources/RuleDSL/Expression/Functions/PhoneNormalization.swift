/// How `normalize_phone(s)` turns a number as dialled or presented into the canonical international
/// form without `+` (`79161234567`), configured from `config` (country code, trunk prefix,
/// international prefixes).
///
/// Exact behaviour, in order:
/// 1. Every character except ASCII digits is dropped (spaces, `-`, `(`, `)`, `.`); whether the first
///    non-space character was `+` is remembered. No digits at all gives `""`.
/// 2. A leading `+` means the number is already international: the digits are the result
///    (`+7 (916) 123-45-67` → `79161234567`).
/// 3. Digits starting with an international prefix (`00`, or e.g. `810`, tried longest first) lose the
///    prefix and are the result (`0079161234567` → `79161234567`).
/// 4. Digits of length `trunk prefix + national length` starting with the trunk prefix get the prefix
///    replaced by the country code (`89161234567` → `79161234567`).
/// 5. Digits of exactly the national length get the country code prepended (`9161234567` → `79161234567`).
/// 6. Anything else is returned as its digits unchanged: an international number without prefix
///    (`79161234567`), an internal extension (`201`), a short service number (`112`).
public struct PhoneNormalization: Sendable, Hashable {
    /// The country code prepended to national numbers, e.g. `7`.
    public let countryCode: String
    /// The trunk (long-distance) prefix of national numbers, e.g. `8` in Russia, `0` in most of Europe;
    /// empty when the country has none.
    public let trunkPrefix: String
    /// Digit prefixes meaning "international number follows", e.g. `00` (a `+` is always recognised).
    public let internationalPrefixes: [String]
    /// The number of digits of a national number without trunk prefix, e.g. 10.
    public let nationalNumberLength: Int

    /// Creates a configuration. Non-digits in the prefixes are ignored.
    public init(
        countryCode: String,
        trunkPrefix: String,
        internationalPrefixes: [String] = ["00"],
        nationalNumberLength: Int = 10
    ) {
        self.countryCode = Self.digits(of: countryCode)
        self.trunkPrefix = Self.digits(of: trunkPrefix)
        self.internationalPrefixes = internationalPrefixes.map(Self.digits(of:)).filter { !$0.isEmpty }
            .sorted { $0.count > $1.count }
        self.nationalNumberLength = nationalNumberLength
        self.internationalPrefixBytes = self.internationalPrefixes.map { Array($0.utf8) }
        self.trunkPrefixBytes = Array(self.trunkPrefix.utf8)
    }

    /// Russia: country code 7, trunk prefix 8, international prefixes 00 and 810, 10-digit numbers.
    public static let russia = PhoneNormalization(
        countryCode: "7",
        trunkPrefix: "8",
        internationalPrefixes: ["00", "810"]
    )

    /// Normalises one number (see the type's documentation for the exact rules).
    public func normalize(_ text: String) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var isInternational = false
        var sawSignificant = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte)
                sawSignificant = true
            } else if byte == UInt8(ascii: "+") && !sawSignificant {
                isInternational = true
                sawSignificant = true
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                sawSignificant = true
            }
        }
        if digits.isEmpty || isInternational { return String(decoding: digits, as: UTF8.self) }
        for prefix in internationalPrefixBytes where digits.count > prefix.count && digits.starts(with: prefix) {
            return String(decoding: digits[prefix.count...], as: UTF8.self)
        }
        if !trunkPrefixBytes.isEmpty, digits.count == trunkPrefixBytes.count + nationalNumberLength,
            digits.starts(with: trunkPrefixBytes)
        {
            return countryCode + String(decoding: digits[trunkPrefixBytes.count...], as: UTF8.self)
        }
        if digits.count == nationalNumberLength { return countryCode + String(decoding: digits, as: UTF8.self) }
        return String(decoding: digits, as: UTF8.self)
    }

    private let internationalPrefixBytes: [[UInt8]]
    private let trunkPrefixBytes: [UInt8]

    static func digits(of text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter(\.isDecimalDigit)))
    }
}
