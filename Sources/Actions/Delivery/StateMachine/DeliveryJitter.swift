/// The randomness of the back-off (jitter), drawn from an injected generator: the system's in production, a seeded
/// one in tests, so a test knows every delay exactly.
public struct DeliveryJitter {
    private var generator: any RandomNumberGenerator

    /// Jitter drawn from `generator`.
    public init(_ generator: some RandomNumberGenerator) {
        self.generator = generator
    }

    /// The next value in [0, 1): the top 53 bits of the generator's next word.
    public mutating func next() -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }
}
