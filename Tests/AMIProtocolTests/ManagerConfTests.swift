import AMIProtocol
import Testing

/// manager.conf read the way Asterisk reads it.
@Suite("manager.conf")
struct ManagerConfTests {
    @Test("[general], a user with classes, writetimeout, ACL, filters; comments of both kinds")
    func user() throws {
        let conf = ManagerConf(
            text: """
                ; AMI
                [general]
                enabled = yes
                port = 5038 ; the default
                bindaddr=127.0.0.1
                timestampevents = Yes
                ;-- a block
                comment --;
                [switchboard]
                secret = s3\\;cret
                read = call,agent
                write => reporting,originate
                writetimeout = 5000
                deny = 0.0.0.0/0.0.0.0
                permit = 127.0.0.1/255.255.255.255
                eventfilter(action(include),name(Hangup)) =
                eventfilter = !Event: Newexten
                """
        )
        #expect(conf.problems.isEmpty)
        #expect(conf.general.enabled && conf.general.timestampEvents)
        #expect(conf.general.port == 5038 && conf.general.bindAddress == "127.0.0.1")
        let user = try #require(conf.user(named: "SwitchBoard"))
        #expect(user.secret?.revealed == "s3;cret")
        #expect(user.read.description == "call,agent")
        #expect(user.write.description == "reporting,originate")
        #expect(user.writeTimeout == 5000)
        #expect(user.acl.map(\.rule) == ["deny", "permit"])
        #expect(user.eventFilters.filters.count == 2)
        #expect(conf.userNames == ["switchboard"])
    }

    @Test("defaults: no read, no write, writetimeout 100, timestampevents off, AMI off")
    func defaults() throws {
        let conf = ManagerConf(text: "[general]\n[bare]\nsecret = x\n")
        let user = try #require(conf.user(named: "bare"))
        #expect(user.read == .none && user.write == .none)
        #expect(user.writeTimeout == 100)
        #expect(!conf.general.timestampEvents && !conf.general.enabled && !conf.general.timestampEventsSet)
    }

    @Test("templates give their entries first; a template is no user")
    func templates() throws {
        let conf = ManagerConf(
            text: """
                [base](!)
                read = all
                write = call
                writetimeout = 2000
                [ops](base)
                secret = x
                write = reporting
                """
        )
        #expect(conf.user(named: "base") == nil)
        let user = try #require(conf.user(named: "ops"))
        #expect(user.read == .all)
        #expect(user.write.description == "reporting")
        #expect(user.writeTimeout == 2000)
    }

    @Test("class labels are compared the way manager.c does: `call, agent` grants call only")
    func spacedLabels() throws {
        let user = try #require(ManagerConf(text: "[u]\nread = call, agent,bogus\n").user(named: "u"))
        #expect(user.read.description == "call")
        #expect(user.ignoredLabels == [" agent", "bogus"])
    }

    @Test("#include and #tryinclude read other files; one that cannot be read is reported")
    func includes() throws {
        let files = ["manager_custom.conf": "[switchboard]\nsecret = x\nread = call\n"]
        let conf = ManagerConf(
            text:
                "[general]\nenabled = yes\n#include manager_custom.conf\n#include missing.conf\n#tryinclude gone.conf\n"
        ) { name in files[name].map { [(name: name, text: $0)] } }
        #expect(conf.user(named: "switchboard")?.read.description == "call")
        #expect(conf.problems == ["#include missing.conf: the file could not be read"])
    }

    @Test("hostile input: no crash, every odd line reported")
    func hostile() {
        let conf = ManagerConf(
            text: "key = before any section\n[unclosed\n[u]\njust words\n#exec /bin/sh\n\u{0}=\u{0}\n"
        )
        #expect(conf.problems.count == 4)
        #expect(conf.userNames == ["u"])
    }
}
