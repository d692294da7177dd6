import Adapters
import Foundation
import NIOPosix

/// Sends an attachRecord of a recording (a command with a ``DeliveryUpload``): the mp3 is read from its path when the
/// command goes out, on NIO's blocking thread pool — the outbox never holds its bytes — and sent inline
/// (`FILE_CONTENT`, base64) up to the upload's limit, else by the two-step upload (`uploadUrl`, then a multipart POST).
/// A file that is gone is a definitive failure.
enum RecordUploadSender {
    /// Sends `command` (its `CALL_ID` resolved); returns the result (`{"FILE_ID": …}`) and the HTTP requests made.
    static func send(
        _ command: PlannedCommand,
        upload: DeliveryUpload,
        client: Bitrix24Client
    ) async throws -> (result: Bitrix24Value, requests: Int) {
        let method = command.method
        guard let callID = command.params["CALL_ID"]?.nonEmptyString else {
            throw Bitrix24Error(method: method, reason: .invalidRequest("no CALL_ID for the record"), action: .giveUp)
        }
        let filename = command.params["FILENAME"]?.nonEmptyString ?? "record.mp3"
        let content: Data
        do {
            // Read on NIO's blocking thread pool: file I/O stays off the tasks that carry cards.
            content = try await NIOThreadPool.singleton.runIfActive { [path = upload.path] in
                try Data(contentsOf: URL(fileURLWithPath: path))
            }
        } catch {
            throw Bitrix24Error(
                method: method,
                reason: .invalidRequest("the record \(upload.path) cannot be read: \(error.localizedDescription)"),
                action: .giveUp
            )
        }
        if content.count <= upload.inlineLimit {
            let fileID = try await client.attachRecord(callID: callID, filename: filename, content: content)
            return (.object(["FILE_ID": .int(fileID)]), 1)
        }
        let fileID = try await client.uploadRecord(callID: callID, filename: filename, content: content)
        return (.object(["FILE_ID": .int(fileID)]), 2)
    }
}
