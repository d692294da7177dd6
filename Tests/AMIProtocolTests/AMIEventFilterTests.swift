import AMIProtocol
import Testing

/// eventfilter lines parsed and matched as manager.c's `add_filter()` and `should_send_event()` do.
@Suite("AMI event filters")
struct AMIEventFilterTests {
    static let agentCalled = AMIMessage([
        AMIHeader("Event", "AgentCalled"), AMIHeader("Privilege", "agent,all"),
        AMIHeader("Channel", "Local/100@incoming-00000001;2"), AMIHeader("Queue", "sales"),
        AMIHeader("Interface", "Local/201@agents"),
    ])
    static let newexten = AMIMessage([
        AMIHeader("Event", "Newexten"), AMIHeader("Privilege", "dialplan,all"),
        AMIHeader("Channel", "PJSIP/201-0000002a"), AMIHeader("Priority", "1"), AMIHeader("Application", "NoOp"),
    ])
    static let varset = AMIMessage([
        AMIHeader("Event", "VarSet"), AMIHeader("Privilege", "dialplan,all"),
        AMIHeader("Variable", "MIXMONITOR_FILENAME"), AMIHeader("Value", "/tmp/x.wav"),
    ])

    static func filter(_ key: String, _ value: String) throws -> AMIEventFilter {
        try AMIEventFilter(key: key, value: value)
    }

    @Test("advanced: name, header with each method, exclusion by action() or by !")
    func advanced() throws {
        #expect(try Self.filter("eventfilter(name(AgentCalled))", "").matches(Self.agentCalled))
        #expect(!(try Self.filter("eventfilter(name(AgentCalled))", "").matches(Self.newexten)))
        let local = try Self.filter("eventfilter(action(exclude),header(Channel),method(starts_with))", "Local/")
        #expect(local.action == .exclude && local.matches(Self.agentCalled) && !local.matches(Self.newexten))
        #expect(try Self.filter("eventfilter(header(Queue),method(exact))", "sales").matches(Self.agentCalled))
        #expect(!(try Self.filter("eventfilter(header(Queue),method(exact))", "sale").matches(Self.agentCalled)))
        #expect(try Self.filter("eventfilter(header(Queue),method(ends_with))", "les").matches(Self.agentCalled))
        #expect(try Self.filter("eventfilter(header(Interface),method(contains))", "201@").matches(Self.agentCalled))
        #expect(try Self.filter("eventfilter(header(Channel),method(regex))", "^PJSIP/2..-").matches(Self.newexten))
        #expect(try Self.filter("eventfilter(name(Newexten))", "!").action == .exclude)
        // `header(Channel)` is the Channel line, not ChannelState.
        let state = try Self.filter("eventfilter(header(Channel),method(starts_with))", "6")
        #expect(!state.matches(AMIMessage([AMIHeader("Event", "Newstate"), AMIHeader("ChannelState", "6")])))
    }

    @Test("legacy: a POSIX regex over the whole event text")
    func legacy() throws {
        let agents = try Self.filter("eventfilter", "!Event: Agent")
        #expect(agents.action == .exclude && agents.matches(Self.agentCalled) && !agents.matches(Self.newexten))
        #expect(try Self.filter("eventfilter", "Event: (Newexten|VarSet)").matches(Self.varset))
        #expect(try Self.filter("eventfilter", "Variable: MIXMONITOR_FILENAME").matches(Self.varset))
    }

    @Test("lines Asterisk refuses are refused, with the reason")
    func refused() {
        for (key, value) in [
            ("eventfilter", ""), ("eventfilter(name(X))", "value"),
            ("eventfilter(header(X),method(exact))", ""), ("eventfilter(action(maybe))", ""),
            ("eventfilter(colour(red))", ""), ("eventfilter", "(unclosed"), ("eventfilter()", ""),
        ] {
            #expect(throws: AMIEventFilterError.self, "\(key) = \(value)") {
                try AMIEventFilter(key: key, value: value)
            }
        }
    }

    @Test("together: no filters pass all; includes only; excludes only; both (include first)")
    func sets() throws {
        #expect(AMIEventFilterSet().allows(Self.newexten))
        let includeAgents = try Self.filter("eventfilter(name(AgentCalled))", "")
        let excludeLocal = try Self.filter("eventfilter(action(exclude),header(Channel),method(starts_with))", "Local/")
        #expect(AMIEventFilterSet([includeAgents]).allows(Self.agentCalled))
        #expect(!AMIEventFilterSet([includeAgents]).allows(Self.newexten))
        #expect(AMIEventFilterSet([excludeLocal]).allows(Self.newexten))
        #expect(!AMIEventFilterSet([includeAgents, excludeLocal]).allows(Self.agentCalled))
        let reason = try #require(AMIEventFilterSet([includeAgents, excludeLocal]).reason(dropping: Self.agentCalled))
        #expect(reason.filter == excludeLocal)
        let none = try #require(AMIEventFilterSet([includeAgents]).reason(dropping: Self.newexten))
        #expect(none.filter == nil && none.noIncludeMatched)
    }

    @Test("the filters engine asterisk manager-conf writes, and how they read back")
    func written() throws {
        let filter = AMIEventFilter(
            .include,
            name: "VarSet",
            header: "Variable",
            method: .exact,
            pattern: "MIXMONITOR_FILENAME"
        )
        #expect(
            filter.line
                == "eventfilter(action(include),name(VarSet),header(Variable),method(exact)) = MIXMONITOR_FILENAME"
        )
        let reread = try #require(
            ManagerConf(text: "[u]\n\(filter.line)\n").user(named: "u")?.eventFilters.filters.first
        )
        #expect(reread.matches(Self.varset))
        #expect(!reread.matches(AMIMessage([AMIHeader("Event", "VarSet"), AMIHeader("Variable", "OTHER")])))
    }

    @Test("class sets: parsing, all, none, a Privilege header")
    func classes() throws {
        #expect(AMIClassSet.parse("all").classes == .all)
        #expect(AMIClassSet.parse("none").classes == .none)
        #expect(AMIClassSet.parse("agent,call").classes.description == "call,agent")
        let privilege = try #require(AMIClassSet.privilege(of: Self.agentCalled))
        #expect(privilege.description == "agent")
        #expect(AMIClassSet(["call", "agent"]).isSuperset(of: privilege))
        #expect(AMIClassSet(["system", "reporting"]).containsAny(of: ["reporting"]))
    }
}
