import Adapters
import Engine
import Logging
import RuleDSL

extension CallPipeline {
    /// Sends `b24.search_crm` with `as:` through `lane` from now on (see ``LookupLane``).
    public func useLookupLane(_ lane: LookupLane) {
        lookupLane = lane
    }

    /// The lane's share of a planned command: a search with `as:` goes to the lane (true), anything else to the outbox.
    func sendThroughLookupLane(_ intent: ActionIntent, _ command: DeliveryCommand) -> Bool {
        guard let lane = lookupLane, intent.kind == .searchCRM, let binding = intent.binding,
            let callID = intent.callID, case .string(let phone)? = command.params["PHONE_NUMBER"]
        else { return false }
        lane.submit(
            LookupLane.Work(request: LookupRequest(callID: callID, binding: binding, phone: phone), fallback: command)
        )
        return true
    }

    /// A lane lookup's outcome: its result lands in the call; a failure sends the search through the outbox instead.
    func landLaneLookup(_ item: LookupLane.Work, result: Result<Bitrix24Value, LookupFailure>) async {
        let request = item.request
        switch result {
        case .success(let raw):
            let (value, error) = Self.decode(raw, action: .searchCRM)
            await land(
                request.binding,
                action: ActionKind.searchCRM.rawValue,
                value: value,
                error: error,
                in: request.callID
            )
        case .failure(let failure):
            logger.warning(
                "CRM lookup failed; the search goes through the outbox instead",
                metadata: ["call": "\(request.callID)", "as": "\(request.binding)", "error": "\(failure)"]
            )
            await deliver([item.fallback])
        }
    }
}
