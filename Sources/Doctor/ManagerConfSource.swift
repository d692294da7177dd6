public import AMIProtocol
import Adapters
import Foundation
import RuleDSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The manager.conf `engine doctor` read, or why it could not.
public enum ManagerConfSource: Sendable {
    /// Read (with its `#include`s).
    case loaded(path: String, conf: ManagerConf)
    /// No such file here (the doctor runs on another host than Asterisk, or Asterisk keeps it elsewhere).
    case missing(path: String)
    /// There, but not readable (permissions).
    case unreadable(path: String, reason: String)

    /// Reads `path`, following `#include` relative to its folder (wildcards allowed, as in Asterisk).
    public static func load(path: String) -> ManagerConfSource {
        guard FileManager.default.fileExists(atPath: path) else { return .missing(path: path) }
        guard let text = Self.read(path) else {
            return .unreadable(path: path, reason: "permission denied (run engine doctor as a user who may read it)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let conf = ManagerConf(text: text) { name in
            let pattern = name.hasPrefix("/") ? name : folder + "/" + name
            let files = Self.expand(pattern)
            let texts = files.compactMap { file in Self.read(file).map { (name: file, text: $0) } }
            return texts.isEmpty ? nil : texts
        }
        return .loaded(path: path, conf: conf)
    }

    /// The path, whatever happened.
    public var path: String {
        switch self {
        case .loaded(let path, _), .missing(let path), .unreadable(let path, _): path
        }
    }

    /// The parsed file, when it was read.
    public var conf: ManagerConf? {
        if case .loaded(_, let conf) = self { return conf }
        return nil
    }

    private static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The files a pattern names (glob wildcards expanded, sorted as Asterisk does).
    private static func expand(_ pattern: String) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else { return [pattern] }
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { index in
            matches.gl_pathv[index].map { String(cString: $0) }
        }
    }
}
