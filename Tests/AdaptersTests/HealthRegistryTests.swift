import Adapters
import Testing

@Suite("Health registry")
struct HealthRegistryTests {
    @Test("empty is healthy; failing lists unhealthy components sorted")
    func report() {
        let health = HealthRegistry()
        #expect(health.report().isHealthy)
        #expect(health.report().failing.isEmpty)
        health.markUnhealthy(HealthComponent.storage, detail: "disk full")
        health.markUnhealthy(HealthComponent.ami, detail: "connecting")
        health.markHealthy(HealthComponent.rules, detail: "12 rules")
        let report = health.report()
        #expect(!report.isHealthy)
        #expect(report.failing == ["ami", "storage"])
        #expect(report.components["rules"] == .healthy("12 rules"))
        health.remove(HealthComponent.ami)
        health.markHealthy(HealthComponent.storage)
        #expect(health.report().isHealthy)
        #expect(health.health(of: HealthComponent.ami) == nil)
    }

    @Test("details are one short line: control characters become spaces, long text is cut")
    func detailsCleaned() {
        let health = HealthRegistry()
        health.markUnhealthy(HealthComponent.portal, detail: "  line one\nline\u{0}two\r\n ")
        #expect(health.health(of: HealthComponent.portal)?.detail == "line one line two")
        health.markUnhealthy(HealthComponent.portal, detail: String(repeating: "x", count: 1000))
        let detail = health.health(of: HealthComponent.portal)?.detail ?? ""
        #expect(detail.count == ComponentHealth.maximumDetailLength)
        #expect(detail.hasSuffix("…"))
    }
}
