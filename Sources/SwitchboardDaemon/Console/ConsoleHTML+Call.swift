import AMIProtocol
import Actions
import Engine
import Foundation
import RuleDSL

extension ConsoleHTML {
    /// `GET /calls/<Linkedid>`: the call's trace as a timeline — AMI events, each event the rules evaluated with
    /// every rule considered (fired with its actions, or the first condition that did not hold; every condition a
    /// click away), the actions executed with their arguments resolved, the portal's answers.
    static func call(_ traced: TracedCall, live: Call?, now: Date) -> String {
        let trace = traced.trace
        let counts = trace.counts
        var body = "<h1>Call \(escape(trace.callID))</h1>"
        body += "<p class=\"meta\" data-ended=\"\(trace.ended)\">\(trace.ended ? "ended" : "in progress") · "
        body += "\(counts.ami) AMI events · \(counts.evaluated) evaluated · \(counts.fired) rules fired · "
        body += "\(counts.intents) actions · rules generation "
        body += "\(counts.generations.map(String.init).joined(separator: ", ")) · "
        body += "<a href=\"/api/calls/\(escape(trace.callID))\">JSON</a></p>"
        if let live {
            let shown = live.shown.isEmpty ? "none" : live.shown.map(\.compactText).joined(separator: ", ")
            body += "<p id=\"live-state\">now: \(escape(state(of: live))); card shown to \(escape(shown))</p>"
        }
        if trace.droppedSteps > 0 {
            body += "<p class=\"muted\">\(trace.droppedSteps) earlier steps were not kept.</p>"
        }
        body += "<h2>Portal</h2><p>\(portalBadges(trace))</p><h2>Timeline</h2><ol class=\"timeline\">"
        for line in trace.lines { body += item(line, traced) }
        body += "</ol>"
        return page(title: "call \(trace.callID)", body: body)
    }

    /// The page for a call without a trace.
    static func missing(_ callID: String, tracesOff: Bool, live: Call?) -> String {
        var body = "<h1>Call \(escape(callID))</h1>"
        if let live { body += "<p>now: \(escape(state(of: live)))</p>" }
        body +=
            tracesOff
            ? "<p class=\"muted\">Traces are off (<code>admin.traces.enabled: false</code>).</p>"
            : "<p class=\"muted\">No trace kept for this call (only the last calls keep theirs).</p>"
        return page(title: "call \(callID)", body: body)
    }

    private static func item(_ line: TraceLine, _ traced: TracedCall) -> String {
        switch line {
        case .quietAMI(let messages, let since):
            return "<li class=\"step ami quiet\"><time>\(clock(since))</time><details><summary>· "
                + "\(escape(TraceLine.counted(messages)))</summary>"
                + messages.map(headers).joined() + "</details></li>"
        case .ami(let message, let time):
            return "<li class=\"step ami\" data-event=\"\(escape(message.name ?? ""))\"><time>\(clock(time))</time>"
                + "AMI <b>\(escape(message.name ?? "?"))</b> \(escape(message["Channel"] ?? ""))"
                + "<details><summary>headers</summary>\(headers(message))</details></li>"
        case .evaluation(let evaluation):
            return self.evaluation(evaluation, traced)
        case .execution(let execution):
            let arguments = Value.map(execution.arguments).compactText
            let outcome = execution.failure.map { "failed: \($0)" } ?? execution.route
            return "<li class=\"step execution\(execution.failure == nil ? "" : " failed")\" "
                + "data-action=\"\(escape(execution.action.rawValue))\"><time>\(clock(execution.time))</time>"
                + "⇒ <b>\(escape(execution.action.rawValue))</b> <span class=\"muted\">(\(escape(execution.rule)))"
                + "</span> <code>\(escape(arguments))</code> → \(escape(outcome))</li>"
        case .portal(let answer):
            return "<li class=\"step portal\(answer.ok ? "" : " failed")\" data-method=\"\(escape(answer.method))\" "
                + "data-ok=\"\(answer.ok)\"><time>\(clock(answer.time))</time>⇐ <b>\(escape(answer.method))</b> "
                + "<span class=\"muted\">(\(escape(answer.step)))</span> <code>\(escape(answer.parameters))</code>: "
                + "<span class=\"\(answer.ok ? "ok" : "bad")\">\(escape(answer.status))</span>"
                + (answer.result.map { " → <code>\(escape($0))</code>" } ?? "") + "</li>"
        }
    }

    private static func evaluation(_ evaluation: TraceEvaluation, _ traced: TracedCall) -> String {
        let entry = evaluation.entry
        var html =
            "<li class=\"step evaluation\" data-event=\"\(escape(entry.name))\"><time>\(clock(entry.time))</time>"
        html += "<b>\(escape(entry.name))</b> \(escape(TraceRendering.summary(of: entry)))"
        html += " <span class=\"muted\">generation \(evaluation.generation)</span>"
        guard let generation = traced.generations[evaluation.generation] else {
            return html + "<p class=\"muted\">the rules of that generation are no longer kept</p></li>"
        }
        let verdicts = traced.interpreter.verdicts(for: entry, in: generation)
        if !verdicts.isEmpty { html += "<ul class=\"rules\">" }
        for verdict in verdicts {
            let mark = verdict.fired ? "✔" : verdict.reached ? "✘" : "·"
            let kind = verdict.fired ? "fired" : verdict.reached ? "not-fired" : "not-reached"
            html += "<li class=\"rule \(kind)\" data-rule=\"\(escape(verdict.rule))\">"
            html += "<span class=\"\(verdict.fired ? "ok" : "muted")\">\(mark)</span> <b>\(escape(verdict.rule))</b>"
            if !verdict.reached {
                html += " <span class=\"muted\">not considered: an earlier rule stopped the event</span>"
            } else if !verdict.fired, let failure = verdict.firstFailure {
                html += ": <code>\(escape(failure.text))</code> → "
                html += "<span class=\"bad\">\(escape(failure.outcome))</span>"
            }
            for intent in entry.intents where intent.ruleID == verdict.rule {
                let binding = intent.binding.map { " as \($0)" } ?? ""
                html += "<div class=\"intent\">→ \(escape(intent.action)) <code>"
                html += "\(escape(Value.map(intent.arguments).compactText))</code>\(escape(binding))</div>"
            }
            for issue in entry.issues where issue.ruleID == verdict.rule {
                html += "<div class=\"intent bad\">✗ \(escape(issue.action.rawValue)) not evaluated: "
                html += "\(escape("\(issue.error)"))</div>"
            }
            if !verdict.conditions.isEmpty {
                html += "<details><summary>conditions</summary><ul>"
                for condition in verdict.conditions {
                    html += "<li><code>\(escape(condition.text))</code> → "
                    html += "<span class=\"\(condition.holds ? "ok" : "bad")\">\(escape(condition.outcome))</span></li>"
                }
                html += "</ul></details>"
            }
            html += "</li>"
        }
        if !verdicts.isEmpty { html += "</ul>" }
        html += "<details><summary>event and call</summary><pre>event: \(escape(entry.payload.compactText))"
        html += entry.call.map { "\ncall: \(escape($0.compactText))" } ?? ""
        return html + "</pre></details></li>"
    }

    private static func headers(_ message: AMIMessage) -> String {
        "<pre>" + message.headers.map { escape("\($0.name): \($0.value)") }.joined(separator: "\n") + "</pre>"
    }
}
