extension CallPipeline {
    /// What one step of the pipeline hands to the recordings.
    struct RecordingWork {
        var requests: [RecordingRequest] = []
        var finishes: [(callKey: String, step: String)] = []

        /// Nothing to hand over.
        var isEmpty: Bool { requests.isEmpty && finishes.isEmpty }
    }

    /// A finish goes into the outbox: a recording of the call binds to its step.
    func noteFinish(_ command: DeliveryCommand) {
        finishSteps[command.callKey] = command.step
        if recordings != nil { recordingWork.finishes.append((command.callKey, command.step)) }
    }

    /// A rule's `b24.attach_record`, with the call's finish step when the finish is already queued.
    func queueRecording(_ request: RecordingRequest) {
        var request = request
        request.finishStep = request.finishStep ?? finishSteps[request.callKey]
        recordingWork.requests.append(request)
    }

    /// Hands this step's recordings and finish notes over, before its finishes go into the outbox: killed in between,
    /// a restart finds the recording waiting for a finish that never came (and says so), never a finish whose
    /// recording was forgotten.
    func handOverRecordings() async {
        guard let recordings, !recordingWork.isEmpty else { return }
        let work = recordingWork
        recordingWork = RecordingWork()
        if !work.requests.isEmpty { await recordings.submit(work.requests) }
        for finish in work.finishes { await recordings.finishQueued(callKey: finish.callKey, step: finish.step) }
    }
}
