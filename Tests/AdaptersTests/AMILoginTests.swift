import AMIProtocol
import Adapters
import Testing

/// The client side of the AMI login: the MD5 digest and the reconnect back-off.
@Suite("AMI client: login digest and back-off")
struct AMILoginTests {
    @Test("MD5 login key is lowercase hex of md5(challenge + secret)")
    func md5Key() {
        // md5("145769581" + "secret"), computed with coreutils: printf 145769581secret | md5sum
        #expect(
            AMILoginDigest.key(challenge: "145769581", secret: AMISecret("secret"))
                == "6a8fac2af5537b85cbe39504089e0399"
        )
    }

    @Test("backoff grows exponentially up to the maximum and jitter only shortens it")
    func backoff() {
        let policy = AMIReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(2), multiplier: 2, jitter: 0.5)
        #expect(policy.delay(beforeAttempt: 0, unit: 0) == .milliseconds(100))
        #expect(policy.delay(beforeAttempt: 3, unit: 0) == .milliseconds(800))
        #expect(policy.delay(beforeAttempt: 10, unit: 0) == .seconds(2))
        #expect(policy.delay(beforeAttempt: 10, unit: 0.999_999_999) > .milliseconds(999))
        #expect(policy.delay(beforeAttempt: 3, unit: 0.5) == .milliseconds(600))
        for attempt in 0..<20 {
            let delay = policy.delay(beforeAttempt: attempt)
            #expect(delay <= .seconds(2) && delay >= .milliseconds(50))
        }
    }
}
