import Testing
import Foundation
import Adapters

@Test func probeCounts() throws {
    let fm = FileManager.default
    var files: [String] = []
    for dir in ["ami-captures/asterisk22", "ami-fixtures/goami2", "ami-fixtures/cacofonisk", "ami-fixtures/panoramisk"] {
        for name in try fm.contentsOfDirectory(atPath: SharedFiles.url(dir).path).sorted()
        where name.hasSuffix(".ami") || name.hasSuffix(".yaml") { files.append(dir + "/" + name) }
    }
    for file in files {
        var decoder = AMIFrameDecoder()
        var messages = 0, events = 0, responses = 0, actions = 0, unknown = 0, errors = 0, banners = 0, unparsed = 0
        decoder.decode(try SharedFiles.bytes(file)) { out in
            switch out {
            case .banner: banners += 1
            case .error: errors += 1
            case .message(let m):
                messages += 1
                unparsed += m.unparsedLines.count
                switch m.kind { case .event: events += 1; case .response: responses += 1; case .action: actions += 1; case .unknown: unknown += 1 }
            }
        }
        let rest = decoder.finish()
        print("PROBE \(file) msgs=\(messages) ev=\(events) resp=\(responses) act=\(actions) unk=\(unknown) err=\(errors) banner=\(banners) unparsed=\(unparsed) rest=\(rest)")
    }
}
