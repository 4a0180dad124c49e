public import Foundation

/// Loads workflow files (YAML, one workflow per file; format in docs/workflows.md) and
/// validates them, all or nothing: one bad file and nothing is loaded.
///
/// ```swift
/// let catalog = try WorkflowLoader.loadBundled()          // xinfang, hotline12345, grid
/// let site = try WorkflowLoader.load(directory: URL(fileURLWithPath: "/etc/xinfang/workflows"))
/// ```
public enum WorkflowLoader {
    /// The workflows shipped in `Sources/WorkflowCore/Resources/workflows`.
    public static func loadBundled() throws(WorkflowLoadError) -> WorkflowCatalog {
        guard let directory = bundledDirectory else {
            throw WorkflowLoadError(
                code: .unreadable, file: "Resources/workflows", workflow: nil, field: "(directory)",
                problem: "the workflows folder is missing from WorkflowCore's resource bundle")
        }
        return try load(directory: directory)
    }

    /// The directory of the shipped workflow files, inside the module's resource bundle.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "workflows", withExtension: nil, subdirectory: "Resources")
    }

    /// Every `*.yaml` file in `directory`, in name order. Errors name the file's path.
    public static func load(directory: URL) throws(WorkflowLoadError) -> WorkflowCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw WorkflowLoadError(
                code: .unreadable, file: directory.path, workflow: nil, field: "(directory)",
                problem: "cannot be read: \(error.localizedDescription)")
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else {
            throw WorkflowLoadError(
                code: .unreadable, file: directory.path, workflow: nil, field: "(directory)",
                problem: "holds no *.yaml workflow files")
        }
        var documents: [(file: String, text: String)] = []
        for name in files {
            let path = directory.appendingPathComponent(name).path
            do {
                documents.append((path, try String(contentsOfFile: path, encoding: .utf8)))
            } catch {
                throw WorkflowLoadError(
                    code: .unreadable, file: path, workflow: nil, field: "(document)",
                    problem: "cannot be read as UTF-8 text: \(error.localizedDescription)")
            }
        }
        return try catalog(documents)
    }

    /// A catalog from in-memory documents (`file` names each in errors); ids must be unique.
    public static func catalog(_ documents: [(file: String, text: String)]) throws(WorkflowLoadError) -> WorkflowCatalog {
        var workflows: [WorkflowDefinition] = []
        var files: [String: String] = [:]
        for document in documents {
            let workflow = try parse(yaml: document.text, file: document.file)
            if let other = files[workflow.id] {
                throw WorkflowLoadError(
                    code: .duplicateID, file: document.file, workflow: workflow.id, field: "id",
                    problem: "workflow `\(workflow.id)` is already defined in \(other)")
            }
            files[workflow.id] = document.file
            workflows.append(workflow)
        }
        return WorkflowCatalog(workflows)
    }

    /// One workflow from YAML text, parsed and validated.
    public static func parse(yaml text: String, file: String) throws(WorkflowLoadError) -> WorkflowDefinition {
        var parser = WorkflowParser(file: file)
        let workflow = try parser.parse(yaml: text)
        try WorkflowValidator(workflow: workflow, file: file, lines: parser.lines).validate()
        return workflow
    }
}
