public import ArgumentParser
import Foundation
public import Logging

/// `--log-level trace … critical`, checked by the argument parser.
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The process's log output: structured lines on standard error at `level` and above. Once per process.
func bootstrapStandardErrorLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
