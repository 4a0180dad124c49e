import Foundation
import Plugins
import Testing
import WorkflowCore

#if canImport(Glibc)
import Glibc
#endif

@Suite("Plugin host: what a plugin process inherits")
struct InheritedDescriptorTests {
    @Test("a plugin gets its three pipes and none of the host's other descriptors, close-on-exec or not")
    func onlyThePipes() async throws {
        let world = try PluginWorld()
        defer { world.close() }
        // A descriptor of the host's without close-on-exec (libraries make such sockets and pipes).
        let marker = world.root.appendingPathComponent("host-only-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: marker.path, contents: Data("x".utf8))
        let descriptor = open(marker.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }

        let host = world.host([world.fixture("calm", ["serve"])])
        let inherited = try await world.running(host) { host -> [String] in
            try await eventually("the plugin runs") { host.status(name: "calm")?.state == .running }
            let pid = try #require(host.status(name: "calm")?.pid)
            let folder = "/proc/\(pid)/fd"
            return try FileManager.default.contentsOfDirectory(atPath: folder).compactMap { entry in
                try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(entry)")
            }
        }
        #expect(!inherited.contains(marker.path), "the plugin holds the host's file: \(inherited)")
    }
}
