import Testing
import WireProtocol

@Suite("docs/plugins.md")
struct DocumentedFrameTests {
    @Test("the documented Ack frame is what the codec writes")
    func ackFrame() throws {
        let frame = try FrameEncoder.encode(Xinfang_V1_PluginMessage.with { $0.ack.deliveryID = 42 })
        #expect(frame == [0x00, 0x00, 0x00, 0x00, 0x04, 0x1a, 0x02, 0x08, 0x2a])
    }
}
