import Foundation
import Testing

@testable import WorkflowCore

@Suite("Workflow pictures: DOT that Graphviz renders, Mermaid with Chinese labels and ids")
struct WorkflowExporterTests {
    static let graphviz = URL(fileURLWithPath: "/usr/bin/dot")

    /// Runs the real `dot -Tsvg` on `input` (through files, so no pipe can fill and stall);
    /// returns its exit status, the SVG and what it wrote to stderr.
    static func renderSVG(_ input: String) throws -> (status: Int32, svg: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("in.dot")
        let output = directory.appendingPathComponent("out.svg")
        let errors = directory.appendingPathComponent("err.txt")
        try input.write(to: source, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = graphviz
        process.arguments = ["-Tsvg", "-o", output.path, source.path]
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let svg = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, svg, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    @Test(
        "each shipped workflow's DOT renders with Graphviz dot -Tsvg",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")),
        arguments: ["xinfang", "hotline12345", "grid"])
    func dotRenders(_ id: String) throws {
        let workflow = try #require(try WorkflowLoader.loadBundled()[id])
        let result = try Self.renderSVG(WorkflowExporter.dot(workflow))
        #expect(result.status == 0, "dot failed: \(result.errors)")
        #expect(result.errors.isEmpty, "dot warned: \(result.errors)")
        #expect(result.svg.contains("<svg"))
        for state in workflow.states {
            #expect(result.svg.contains(state.label), "state \(state.id) missing from the picture")
        }
    }

    @Test("DOT names every state and transition with its Chinese label and id")
    func dotContent() throws {
        let workflow = try #require(try WorkflowLoader.loadBundled()["xinfang"])
        let dot = WorkflowExporter.dot(workflow)
        #expect(dot.hasPrefix("digraph \"xinfang\" {"))
        #expect(dot.contains("\"registered\" [label=\"登记\\nregistered\", style=\"rounded,bold\"];"))
        #expect(dot.contains("\"closed\" [label=\"办结\\nclosed\", peripheries=2];"))
        #expect(dot.contains("\"registered\" -> \"forwarded\" [label=\"转送\\nforward\"];"))
        #expect(dot.contains("\"any_open_state\" -> \"any_open_state\" [label=\"督办\\nsupervise\", style=dashed];"))
        #expect(dot.contains("\"in_progress\" -> \"in_progress\" [label=\"申请延期\\nrequest_extension\", style=dashed];"))
    }

    @Test("DOT escapes quotes and backslashes in labels")
    func dotEscapes() throws {
        var workflow = try WorkflowLoader.parse(yaml: miniWorkflowYAML, file: "mini.yaml")
        workflow.states[0].label = "待\"办\\"
        let dot = WorkflowExporter.dot(workflow)
        #expect(dot.contains("label=\"待\\\"办\\\\\\nopen\""))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
            #expect(try Self.renderSVG(dot).status == 0)
        }
    }

    @Test("Mermaid lists states with labels, the start, transitions and terminal ends")
    func mermaid() throws {
        let workflow = try #require(try WorkflowLoader.loadBundled()["hotline12345"])
        let text = WorkflowExporter.mermaid(workflow)
        #expect(text.hasPrefix("stateDiagram-v2\n"))
        #expect(text.contains("    state \"已受理 (registered)\" as registered"))
        #expect(text.contains("    [*] --> registered"))
        #expect(text.contains("    registered --> dispatched : 派单 (dispatch)"))
        #expect(text.contains("    dispatched --> returned : 退单 (return_order)"))
        #expect(text.contains("    archived --> [*]"))
        #expect(!text.contains("\"\""))
    }
}
