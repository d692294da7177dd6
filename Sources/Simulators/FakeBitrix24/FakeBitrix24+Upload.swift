import Foundation
import Hummingbird
import OrderedCollections
import Synchronization

extension FakeBitrix24 {
    /// `POST uploadUrl` (multipart, the file in field `file`): the second step of a two-step record upload. Journaled
    /// as method `upload` with the token, the part's file name and its size.
    func upload(
        _ decoded: (params: FakeJSONObject, files: [String: (filename: String, content: Data)]),
        now: Double,
        receivedAt: Date,
        methodErrorCode: String
    ) -> Response {
        let token = (decoded.params["token"]?.stringValue ?? "").split(separator: "|").last.map(String.init) ?? ""
        let file = decoded.files[FakePortalState.uploadField]
        var journaled: FakeJSONObject = ["token": .string(token)]
        if let file {
            journaled["filename"] = .string(file.filename)
            journaled["size"] = .int(file.content.count)
        }
        return state.withLock { state in
            do {
                let output = try state.completeUpload(token: token, file: file)
                state.journal(
                    method: "upload",
                    params: .object(journaled),
                    status: 200,
                    result: output.result,
                    error: nil,
                    inBatch: false,
                    receivedAt: receivedAt
                )
                return Self.envelope(status: 200, output: output, now: now)
            } catch {
                let failure = error as? FakeMethodError ?? .method("\(error)")
                let code = failure.code ?? methodErrorCode
                state.journal(
                    method: "upload",
                    params: .object(journaled),
                    status: failure.status,
                    result: nil,
                    error: (code, failure.description),
                    inBatch: false,
                    receivedAt: receivedAt
                )
                return Self.envelope(status: failure.status, error: (code, failure.description), now: now)
            }
        }
    }
}
