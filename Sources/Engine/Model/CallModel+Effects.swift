public import RuleDSL

extension CallModel {
    /// Records that the rules showed the call's card to `users` (`call.shown` gains them, once each).
    public mutating func noteShown(_ users: [Value], in callID: String) {
        update(callID) { call in
            for user in users where !call.shown.contains(user) { call.shown.append(user) }
        }
    }

    /// Records that the rules hid the call's card from `users` (or finished the call for them).
    public mutating func noteHidden(_ users: [Value], in callID: String) {
        update(callID) { call in call.shown.removeAll { users.contains($0) } }
    }

    /// Stores a value with `call.set`: later rules read it as `call.vars.<name>`.
    public mutating func setVar(_ name: String, to value: Value, in callID: String) {
        update(callID) { call in call.vars[name] = value }
    }

    private mutating func update(_ callID: String, _ change: (inout Call) -> Void) {
        if var call = calls[callID] {
            change(&call)
            calls[callID] = call
        }
        if var call = lastEnded[callID] {
            change(&call)
            lastEnded[callID] = call
        }
    }
}
