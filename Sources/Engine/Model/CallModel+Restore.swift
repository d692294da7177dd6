extension CallModel {
    /// Puts back calls saved before a restart (see ``SavedCall``), typically right after creating the model and
    /// before ``resynchronize(channels:at:)`` with the `CoreShowChannels` items: a restored call whose channels are
    /// all gone then ends with cause `lost` (its phones still ringing stop with reason `lost`, `talk_seconds` runs
    /// from the saved first answer), and live channels with its Linkedid are adopted into it and carry it on.
    ///
    /// The channels themselves are not restored: the call knows its legs' Uniqueids, and a channel is learnt again
    /// from its `CoreShowChannel` item or from its next event (every event carries the channel's snapshot).
    /// A saved call already in the model, or one that ended in this model's lifetime, is left alone.
    public mutating func restore(_ saved: [SavedCall]) {
        for call in saved where calls[call.id] == nil && !ended.contains(call.id) {
            calls[call.id] = Call(saved: call)
        }
    }
}
