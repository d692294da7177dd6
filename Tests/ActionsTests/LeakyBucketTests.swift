import Actions
import Foundation
import Testing

@Suite("Client-side leaky bucket (virtual time)")
struct LeakyBucketTests {
    let start = Date(timeIntervalSince1970: 1_773_141_578)

    @Test("A burst of 50 passes at once; the 51st waits half a second at 2/s")
    func burstThenRate() {
        var bucket = LeakyBucket(capacity: 50, drainPerSecond: 2)
        var admitted = 0
        for _ in 0..<50 where bucket.admit(at: start) { admitted += 1 }
        #expect(admitted == 50)
        let fiftyFirst = bucket.admit(at: start)
        #expect(!fiftyFirst)
        #expect(bucket.nextAdmission(after: start) == start.addingTimeInterval(0.5))
        let early = bucket.admit(at: start.addingTimeInterval(0.49))
        #expect(!early)
        let onTime = bucket.admit(at: start.addingTimeInterval(0.5))
        #expect(onTime)
    }

    @Test("Sustained sending never exceeds capacity + rate × time")
    func sustained() {
        var bucket = LeakyBucket(capacity: 5, drainPerSecond: 5)
        var now = start
        var sent: [Date] = []
        while sent.count < 40 {
            now = bucket.nextAdmission(after: now)
            let admitted = bucket.admit(at: now)
            #expect(admitted)
            sent.append(now)
        }
        // 40 requests: 5 at once, then one per 0.2 s → the last at 7 s.
        #expect(abs(sent[39].timeIntervalSince(start) - 7.0) < 1e-9)
        for (index, time) in sent.enumerated() {
            #expect(Double(index + 1) <= 5 + time.timeIntervalSince(start) * 5 + 1e-5)
        }
    }

    @Test("A 503 from the portal fills the bucket")
    func fillOnRefusal() {
        var bucket = LeakyBucket(capacity: 50, drainPerSecond: 2)
        let admitted = bucket.admit(at: start)
        #expect(admitted)
        bucket.fill(at: start)
        #expect(bucket.level(at: start) == 50)
        #expect(bucket.nextAdmission(after: start) == start.addingTimeInterval(0.5))
    }

    @Test("Enterprise limits are 250 burst, 5 per second")
    func enterprise() {
        #expect(DeliveryConfiguration.RateLimit.enterprise == .init(burst: 250, perSecond: 5))
        #expect(DeliveryConfiguration().rateLimit == .init(burst: 50, perSecond: 2))
    }
}
