public import ArgumentParser
import Foundation
public import Logging
public import SwitchboardDaemon

/// `--log-level trace … critical`, checked by the argument parser.
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--log-format text|json`, checked by the argument parser.
extension LogFormat: ExpressibleByArgument {}

/// The process's log output: lines on standard error at `level` and above, in `format`. Once per process.
func bootstrapStandardErrorLogging(level: Logger.Level, format: LogFormat = .text) {
    format.bootstrap(level: level)
}
