import ArgumentParser
import Foundation
import WorkflowCore

/// `xinfangd workflow export NAME --format dot|mermaid` and `xinfangd workflow check`.
struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Draw or check the workflows.", subcommands: [Export.self, Check.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a workflow as Graphviz DOT or Mermaid.")

        @Argument(help: "Workflow id (xinfang, hotline12345, grid).") var name: String
        @Option(help: "dot or mermaid.") var format = "dot"
        @Option(help: "Folder of workflow files (default: the shipped ones).") var workflows: String?

        func run() throws {
            let catalog = try WorkflowSource.load(workflows)
            guard let workflow = catalog[name] else {
                throw ValidationError("no workflow `\(name)`; loaded: \(catalog.ids.joined(separator: ", "))")
            }
            switch format {
            case "dot": print(WorkflowExporter.dot(workflow))
            case "mermaid": print(WorkflowExporter.mermaid(workflow))
            default: throw ValidationError("--format must be dot or mermaid")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load and validate workflow files; print what loaded.")

        @Option(help: "Folder of workflow files (default: the shipped ones).") var workflows: String?

        func run() throws {
            let catalog = try WorkflowSource.load(workflows)
            for id in catalog.ids {
                guard let workflow = catalog[id] else { continue }
                print("\(id) \(workflow.label) v\(workflow.version): \(workflow.states.count) states, \(workflow.transitions.count) transitions, \(workflow.deadlines.count) deadlines")
            }
        }
    }
}

/// Where workflows come from: a site's folder, or the files shipped with the daemon.
enum WorkflowSource {
    static func load(_ folder: String?) throws -> WorkflowCatalog {
        do {
            if let folder { return try WorkflowLoader.load(directory: URL(fileURLWithPath: folder, isDirectory: true)) }
            return try WorkflowLoader.loadBundled()
        } catch {
            throw DaemonError("workflows did not load: \(error)")
        }
    }
}
