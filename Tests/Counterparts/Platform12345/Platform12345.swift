// Platform12345: a small 12345 hotline platform that speaks the hotline12345 plugin's wire
// format (docs/hotline12345.md) over real HTTP, for the end-to-end tests.
//
//   Platform12345 serve --listen HOST:PORT --secret S --record FILE [--address-file FILE]
//       receives signed status callbacks on POST /callbacks, checks them, and appends each to
//       FILE as one JSON line (synced before the 200 answer); a callback id seen before is
//       recorded with "repeat": true and answered {"code":"duplicate"}.
//   Platform12345 push (--endpoint URL | --endpoint-file FILE) --secret S --script FILE
//       pushes the orders of a JSON script (an array of steps) and prints one JSON line per
//       request: {"label", "status", "body"}.
//
// A script step: {"label": "A", "order": {...} | "raw": "text", "signing": "good" | "bad" |
// "none" | "stale", "replay": false}. `replay` sends the same signed request a second time.
import Foundation

@main
struct Platform12345 {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else { usage() }
        arguments.removeFirst()
        let options = try Options(arguments)
        switch command {
        case "serve":
            let receiver = try CallbackReceiver(
                listen: try options.required("listen"), secret: Array(try options.required("secret").utf8),
                record: URL(fileURLWithPath: try options.required("record")), addressFile: options.values["address-file"])
            try await receiver.run()
        case "push":
            let endpoint: String
            if let url = options.values["endpoint"] {
                endpoint = url
            } else {
                let file = try options.required("endpoint-file")
                endpoint = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let pusher = Pusher(endpoint: endpoint, secret: Array(try options.required("secret").utf8))
            try await pusher.run(script: URL(fileURLWithPath: try options.required("script")))
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: Platform12345 serve|push --option value ... (see the top of Platform12345.swift)\n".utf8))
        exit(2)
    }
}

/// `--name value` pairs.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else { throw PlatformError("expected --name value, got \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw PlatformError("--\(name) is required") }
        return value
    }
}

struct PlatformError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
