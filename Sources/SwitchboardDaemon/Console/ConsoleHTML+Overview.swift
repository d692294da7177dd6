import Actions
import Adapters
import Engine
import Foundation
import RuleDSL

extension ConsoleHTML {
    /// `GET /`: the live sections (refreshed every 2 s), then the rules in force and the last reload.
    static func overview(_ state: ConsoleState) -> String {
        let script = """
            setInterval(function(){fetch("/live",{cache:"no-store"}).then(function(r){return r.ok?r.text():null})\
            .then(function(t){if(t!==null){document.getElementById("live").innerHTML=t}}).catch(function(){})},2000);
            """
        return page(
            title: "console",
            body: "<div id=\"live\">\(liveSections(state))</div>",
            script: script
        )
    }

    /// `GET /live`: links, live calls, delivery, recent calls, rules.
    static func liveSections(_ state: ConsoleState) -> String {
        [links(state), liveCalls(state), delivery(state), recentCalls(state), rules(state)].joined(separator: "\n")
    }

    private static func links(_ state: ConsoleState) -> String {
        let badges = state.links.components.sorted { $0.key < $1.key }.map { name, health in
            "<span class=\"badge \(health.isHealthy ? "ok" : "bad")\" data-component=\"\(escape(name))\" "
                + "data-healthy=\"\(health.isHealthy)\">\(escape(name)): \(escape(health.detail))</span>"
        }
        return "<section id=\"links\"><h2>Links</h2><p>\(badges.joined(separator: " "))</p></section>"
    }

    private static func liveCalls(_ state: ConsoleState) -> String {
        guard !state.calls.isEmpty else {
            return "<section id=\"calls\"><h2>Live calls</h2><p class=\"muted\">No call in progress.</p></section>"
        }
        let rows = state.calls.map { call in
            [
                "<a href=\"/calls/\(escape(call.id))\">\(escape(call.id))</a>",
                escape(call.direction?.rawValue ?? "—"),
                escape(call.caller ?? "withheld"),
                escape(call.callee ?? call.did ?? "—"),
                escape(Self.state(of: call)),
                call.shown.isEmpty
                    ? "<span class=\"muted\">none</span>"
                    : escape(call.shown.map(\.compactText).joined(separator: ", ")),
                "\(clock(call.startedAt)) <span class=\"muted\">"
                    + "(\(duration(state.now.timeIntervalSince(call.startedAt))))</span>",
            ]
        }
        return "<section id=\"calls\"><h2>Live calls (\(state.calls.count))</h2>"
            + table(
                ["call", "direction", "caller", "to", "state", "card shown to", "since"],
                rows,
                attributes: state.calls.map { "data-call=\"\(escape($0.id))\"" }
            ) + "</section>"
    }

    /// `answered by 201`, `ringing 201, 202`, `in queue sales`.
    static func state(of call: Call) -> String {
        if let answeredBy = call.answeredBy { return "answered by \(answeredBy)" }
        let ringing = call.rung.filter(\.isRinging).map(\.member.extension)
        if !ringing.isEmpty { return "ringing " + ringing.joined(separator: ", ") }
        if let queue = call.queue { return "in queue \(queue)" }
        return call.hasStarted ? "started" : "starting"
    }

    private static func delivery(_ state: ConsoleState) -> String {
        var html = "<section id=\"delivery\"><h2>Delivery</h2><p>"
        html +=
            "<span class=\"badge\" data-outbox-depth=\"\(state.outboxDepth)\">"
            + "outbox: \(state.outboxDepth) waiting</span>"
        if state.portalPaused { html += " <span class=\"badge bad\">portal paused</span>" }
        html += " <span class=\"badge \(state.deadLetterCount == 0 ? "ok" : "bad")\" "
        html += "data-dead-letters=\"\(state.deadLetterCount)\">dead letters: \(state.deadLetterCount)</span></p>"
        if let problem = state.deadLetterProblem {
            html += "<p class=\"bad\">the dead letters could not be read: \(escape(problem))</p>"
        }
        if !state.deadLetters.isEmpty {
            let rows = state.deadLetters.map { letter in
                [
                    dateTime(letter.diedAt),
                    "<a href=\"/calls/\(escape(letter.command.callKey))\">\(escape(letter.command.callKey))</a>",
                    "<code>\(escape(letter.command.method))</code> "
                        + "<span class=\"muted\">\(escape(letter.command.step))</span>",
                    "\(letter.attempts)",
                    escape(letter.reason),
                ]
            }
            html += table(["given up", "call", "command", "attempts", "reason"], rows)
            if state.deadLetterCount > state.deadLetters.count {
                html += "<p class=\"muted\">the latest \(state.deadLetters.count) of \(state.deadLetterCount)</p>"
            }
        }
        return html + "</section>"
    }

    private static func recentCalls(_ state: ConsoleState) -> String {
        guard let traces = state.traces else {
            return "<section id=\"recent\"><h2>Recent calls</h2><p class=\"muted\">Traces are off "
                + "(<code>admin.traces.enabled: false</code>).</p></section>"
        }
        guard !traces.isEmpty else {
            return "<section id=\"recent\"><h2>Recent calls</h2><p class=\"muted\">No call yet.</p></section>"
        }
        let rows = traces.map { trace -> [String] in
            let counts = trace.counts
            return [
                "<a href=\"/calls/\(escape(trace.callID))\">\(escape(trace.callID))</a>",
                clock(trace.firstSeen),
                trace.ended ? "ended" : "in progress",
                "\(counts.ami) AMI · \(counts.evaluated) evaluated · \(counts.fired) fired",
                portalBadges(trace),
            ]
        }
        return "<section id=\"recent\"><h2>Recent calls (\(traces.count))</h2>"
            + table(
                ["call", "first event", "status", "trace", "portal"],
                rows,
                attributes: traces.map { "data-call=\"\(escape($0.callID))\" data-ended=\"\($0.ended)\"" }
            ) + "</section>"
    }

    /// One badge per portal method: `show ✓3`, `finish ✗1`.
    static func portalBadges(_ trace: CallTrace) -> String {
        var order: [String] = []
        var counts: [String: (ok: Int, failed: Int)] = [:]
        for case .portal(let answer) in trace.steps {
            if counts[answer.method] == nil { order.append(answer.method) }
            if answer.ok {
                counts[answer.method, default: (0, 0)].ok += 1
            } else {
                counts[answer.method, default: (0, 0)].failed += 1
            }
        }
        guard !order.isEmpty else { return "<span class=\"muted\">—</span>" }
        return order.map { method in
            let count = counts[method] ?? (0, 0)
            let short = method.split(separator: ".").last.map(String.init) ?? method
            let failed = count.failed > 0 ? " ✗\(count.failed)" : ""
            return "<span class=\"badge \(count.failed > 0 ? "bad" : "ok")\" title=\"\(escape(method))\">"
                + "\(escape(short)) ✓\(count.ok)\(failed)</span>"
        }.joined(separator: " ")
    }

    private static func rules(_ state: ConsoleState) -> String {
        let force = state.inForce
        var html = "<section id=\"rules\"><h2>Rules</h2>"
        html += "<p data-generation=\"\(force.generation)\">generation <b>\(force.generation)</b> in force: "
        html += "\(force.ruleCount) rules, loaded \(dateTime(force.at)) (\(escape(force.trigger)))</p>"
        let files = force.files.map { file in
            [
                "<code>\(escape(file.path))</code>"
                    + (file.resolvedPath.map { " <span class=\"muted\">→ \(escape($0))</span>" } ?? ""),
                "\(file.size) bytes",
                dateTime(file.modified),
            ]
        }
        html += "<details><summary>\(force.files.count) files</summary>"
        html += table(["file", "size", "modified"], files) + "</details>"
        let last = state.lastReload
        html += "<h3>Last reload</h3><p id=\"last-reload\" data-succeeded=\"\(last.succeeded)\" "
        html += "class=\"\(last.succeeded ? "ok" : "bad")\">\(escape(last.summary)) — "
        html += "\(escape(last.trigger)) at \(dateTime(last.at))</p>"
        if !last.report.diagnostics.isEmpty {
            html +=
                "<pre class=\"diagnostics\">\(escape(DiagnosticFormat.human.render(last.report, color: false)))</pre>"
        }
        return html + "</section>"
    }
}
