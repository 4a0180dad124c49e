import ArgumentParser
import Foundation
import WireProtocol

/// Frame codec throughput: encode and decode of plugin frames carrying a typical submission.
struct FrameCodecBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "frame-codec", abstract: "Plugin frame codec throughput.")

    @OptionGroup var options: BenchOptions

    func run() async throws {
        var message = Xinfang_V1_PluginMessage()
        message.submit.requestID = 1
        message.submit.submission.idempotencyKey = "hotline:2026-000123"
        message.submit.submission.channel = "hotline12345"
        message.submit.submission.subject = "小区噪音扰民"
        message.submit.submission.content = String(repeating: "楼下商铺夜间施工，噪音持续到凌晨，严重影响休息。", count: 20)
        message.submit.submission.petitioner.name = "王大顺"
        let frames = options.quick ? 20_000 : 200_000
        let one = try FrameEncoder.encode(message, maxFrameBytes: FrameLimits.maxFrameBytes)
        var result = BenchResult(
            name: "frame-codec", title: "Plugin frame codec throughput",
            columns: ["operation", "frames", "frame bytes", "median frames/s", "median MB/s"])
        for operation in ["encode", "decode"] {
            var rates = Samples()
            for _ in 0..<5 {
                var stream: [UInt8] = []
                if operation == "decode" {
                    stream.reserveCapacity(one.count * frames)
                    for _ in 0..<frames { stream.append(contentsOf: one) }
                }
                let elapsed = try await seconds {
                    if operation == "encode" {
                        var total = 0
                        for _ in 0..<frames { total &+= try FrameEncoder.encode(message, maxFrameBytes: FrameLimits.maxFrameBytes).count }
                        precondition(total == one.count * frames)
                    } else {
                        var decoder = FrameDecoder<Xinfang_V1_PluginMessage>()
                        decoder.append(stream)
                        var count = 0
                        while try decoder.next() != nil { count += 1 }
                        precondition(count == frames)
                    }
                }
                rates.add(Double(frames) / elapsed)
            }
            result.rows.append([
                "operation": operation, "frames": "\(frames)", "frame bytes": "\(one.count)",
                "median frames/s": format(rates.median, digits: 0),
                "median MB/s": format(rates.median * Double(one.count) / 1e6),
            ])
        }
        result.notes.append("Median of 5 runs. Debug builds are far slower; `make bench` builds release.")
        try result.write(to: options.results)
    }
}
