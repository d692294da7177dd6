import Foundation
import OrderedCollections

extension FakePortalState {
    /// `batch`: `cmd` map or list of `"method?query"`, run in order; `$result[key][field]…`
    /// references substituted; `halt`; at most 50 commands run, the rest get `ERROR_BATCH_LENGTH_EXCEEDED`;
    /// always HTTP 200; each of the five `result_*` keys is `[]` when empty.
    mutating func batch(_ params: FakeJSONObject, _ context: FakeCallContext) -> FakeMethodOutput {
        let halt = (params["halt"] ?? params["HALT"])?.isTruthy ?? false
        let commandsValue = params["cmd"] ?? params["CMD"] ?? .emptyArray
        let commands: [(key: String, value: FakeJSON)] =
            switch commandsValue {
            case .object(let map): map.map { ($0.key, $0.value) }
            case .array(let list): list.enumerated().map { (String($0.offset), $0.element) }
            default: []
            }
        var results: FakeJSONObject = [:]
        var errors: FakeJSONObject = [:]
        var totals: FakeJSONObject = [:]
        var nexts: FakeJSONObject = [:]
        var times: FakeJSONObject = [:]
        var subContext = context
        subContext.inBatch = true
        let time = Self.timeBlock(context.now)

        for (index, command) in commands.enumerated() {
            if index >= 50 {
                errors[command.key] = .object([
                    "error": .string("ERROR_BATCH_LENGTH_EXCEEDED"),
                    "error_description": .string("Max batch length exceeded"),
                ])
                continue
            }
            let text = command.value.stringValue ?? ""
            let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let method = String(parts.first ?? "").lowercased()
            var subParams = parts.count > 1 ? FakeRequestParameters.parseForm(String(parts[1])) : [:]
            subParams = subParams.mapValues { Self.substituteReferences(in: $0, results: results) }
            do {
                let output = try run(method: method, params: subParams, context: subContext)
                results[command.key] = output.result
                if let total = output.total { totals[command.key] = .int(total) }
                if let next = output.next { nexts[command.key] = .int(next) }
                times[command.key] = time
                journal(
                    method: method,
                    params: .object(subParams),
                    status: 200,
                    result: output.result,
                    error: nil,
                    inBatch: true,
                    receivedAt: context.receivedAt
                )
            } catch {
                let failure = error as? FakeMethodError ?? FakeMethodError.method("\(error)")
                let code = failure.code ?? context.configuration.methodErrorCode
                errors[command.key] = .object([
                    "error": .string(code), "error_description": .string(failure.description),
                ])
                journal(
                    method: method,
                    params: .object(subParams),
                    status: failure.status,
                    result: nil,
                    error: (code, failure.description),
                    inBatch: true,
                    receivedAt: context.receivedAt
                )
                if halt { break }
            }
        }
        func phpArray(_ map: FakeJSONObject) -> FakeJSON {
            map.isEmpty ? .emptyArray : FakeRequestParameters.topLevelList(.object(map))
        }
        return FakeMethodOutput(
            .object([
                "result": phpArray(results),
                "result_error": phpArray(errors),
                "result_total": phpArray(totals),
                "result_next": phpArray(nexts),
                "result_time": phpArray(times),
            ])
        )
    }

    /// Replaces `$result[key][field]…` inside string values with what earlier commands returned.
    /// A value that is exactly one reference takes the referenced value as is (a list stays a list).
    static func substituteReferences(in value: FakeJSON, results: FakeJSONObject) -> FakeJSON {
        switch value {
        case .string(let text):
            guard text.contains("$result[") else { return value }
            let references = findReferences(in: text)
            if references.count == 1, let only = references.first, only.range == text.startIndex..<text.endIndex {
                return resolve(only.path, in: results) ?? .string("")
            }
            var output = ""
            var cursor = text.startIndex
            for reference in references {
                output += text[cursor..<reference.range.lowerBound]
                output += resolve(reference.path, in: results)?.stringValue ?? ""
                cursor = reference.range.upperBound
            }
            output += text[cursor...]
            return .string(output)
        case .array(let items): return .array(items.map { substituteReferences(in: $0, results: results) })
        case .object(let fields): return .object(fields.mapValues { substituteReferences(in: $0, results: results) })
        default: return value
        }
    }

    private static func findReferences(in text: String) -> [(range: Range<String.Index>, path: [String])] {
        var found: [(Range<String.Index>, [String])] = []
        var searchFrom = text.startIndex
        while let start = text.range(of: "$result[", range: searchFrom..<text.endIndex) {
            var path: [String] = []
            var cursor = start.upperBound
            var segmentStart = cursor
            var end = cursor
            while cursor < text.endIndex {
                if text[cursor] == "]" {
                    path.append(String(text[segmentStart..<cursor]))
                    end = text.index(after: cursor)
                    if end < text.endIndex, text[end] == "[" {
                        cursor = text.index(after: end)
                        segmentStart = cursor
                        continue
                    }
                    break
                }
                cursor = text.index(after: cursor)
            }
            guard !path.isEmpty else { break }
            found.append((start.lowerBound..<end, path))
            searchFrom = end
        }
        return found
    }

    private static func resolve(_ path: [String], in results: FakeJSONObject) -> FakeJSON? {
        guard let first = path.first, var value = results[first] else { return nil }
        for key in path.dropFirst() {
            guard let next = value.objectValue?[key] else { return nil }
            value = next
        }
        return value
    }
}
