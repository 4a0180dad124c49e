// A plugin that behaves well or badly on demand, for PluginsTests. The first argument is the
// mode; the rest are options. Results are written to files in the plugin's state folder
// (XINFANG_PLUGIN_STATE_DIR) for the tests to read.
//
//   serve [--name N] [--channels a,b] [--events a,b] [--commands a,b] [--read-contact]
//         [--submit COUNT --key PREFIX] [--no-ack] [--exit-after-deliveries N] [--probe-forbidden]
//   crash-mid-submit --key KEY     first run: sends a submission and kills itself (SIGKILL);
//                                  later runs: submit the same key again and serve
//   hang                           handshakes, then never reads or answers again
//   garbage                        writes text that is not a frame
//   oversized --bytes N            handshakes, then sends a frame header declaring N bytes
//   greedy --channels a,b          asks for channels; expects a refusal (written to refusal.log)
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
let options = FixtureOptions(arguments.dropFirst())
let state = FixtureState()

switch arguments.first ?? "" {
case "serve":
    try await ServeMode(options: options, state: state).run()
case "crash-mid-submit":
    let key = options.value("--key") ?? "crash-1"
    if state.exists("crashed-once") {
        var serving = options
        serving.values["--submit"] = "1"
        serving.values["--key"] = key
        serving.values["--exact-key"] = "yes"
        serving.values["--channels"] = "visit"
        try await ServeMode(options: serving, state: state).run()
    } else {
        try RawPlugin.handshake(name: options.name, channels: ["visit"])
        state.touch("crashed-once")
        try RawPlugin.sendSubmission(key: key)
        // The frame is written in full; die before reading the answer.
        raise(SIGKILL)
    }
case "hang":
    try RawPlugin.handshake(name: options.name, channels: [])
    RawPlugin.sleepForever()
case "garbage":
    FileHandle.standardOutput.write(Data("this is not a frame, it is a log line on the wrong stream\n".utf8))
    RawPlugin.sleepForever()
case "oversized":
    try RawPlugin.handshake(name: options.name, channels: [])
    RawPlugin.sendOversizedHeader(declaring: Int(options.value("--bytes") ?? "") ?? 8 * 1024 * 1024)
    RawPlugin.sleepForever()
case "greedy":
    try await GreedyMode(options: options, state: state).run()
default:
    FileHandle.standardError.write(Data("PluginFixture: unknown mode `\(arguments.first ?? "")`\n".utf8))
    exit(64)
}
