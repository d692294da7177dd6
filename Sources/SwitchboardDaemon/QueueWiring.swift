import Actions
import Logging
import RuleDSL

/// The engine queues' part of `engine run`: their driver, answering the FastAGI `queue` script
/// (`AGI(agi://…/queue?name=sales)`), fed by the pipeline's AMI stream, its members' idle times and pauses in the
/// state file.
enum QueueWiring {
    /// The router when the FastAGI server is on (nil otherwise: no dialplan can reach the queues, which is said once
    /// when the rules declare some).
    static func router(
        ruleSet: CompiledRuleSet,
        agi: EngineConfig.AGI?,
        outbox: Outbox,
        pipeline: CallPipeline,
        logger: Logger
    ) async throws -> QueueRouter? {
        guard agi != nil else {
            if !ruleSet.queues.isEmpty {
                logger.warning(
                    "the rules declare engine queues but agi: is not configured: no dialplan can reach them",
                    metadata: ["queues": "\(ruleSet.queues.keys.sorted().joined(separator: ","))"]
                )
            }
            return nil
        }
        let router: QueueRouter
        do {
            router = QueueRouter(
                queues: ruleSet.queues.values.sorted { $0.name < $1.name },
                store: try await QueueMemberStore(outbox: outbox),
                logger: Logger(label: "switchboard.queues")
            )
            try await router.restore()
        } catch {
            throw StartupFailure("cannot read the engine queue members from the state file: \(error)")
        }
        await router.connect(pipeline)
        if !ruleSet.queues.isEmpty {
            logger.notice(
                "engine queues answer FastAGI requests for script `queue`",
                metadata: ["queues": "\(ruleSet.queues.keys.sorted().joined(separator: ","))"]
            )
        }
        return router
    }
}
