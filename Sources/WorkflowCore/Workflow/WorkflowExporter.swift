/// Draws a workflow as Graphviz DOT or a Mermaid state diagram: states and transitions
/// with their Chinese labels and ids (`受理并书面告知\naccept`), the initial state marked,
/// terminal states double-bordered, in-place actions (督办, 包案) as loops, and commands
/// available from any open state (`from: ["*"]`) drawn from one dashed node.
///
/// ```sh
/// xinfangd workflow export xinfang --format dot | dot -Tsvg > xinfang.svg
/// ```
public enum WorkflowExporter {
    static let anyNode = "any_open_state"
    static let anyLabel = "任一未办结状态"

    /// Graphviz DOT.
    public static func dot(_ workflow: WorkflowDefinition) -> String {
        var lines: [String] = []
        lines.append("digraph \(quote(workflow.id)) {")
        lines.append("  graph [label=\(quote("\(workflow.label) (\(workflow.id)) v\(workflow.version)")), labelloc=t, rankdir=LR, fontname=\"sans-serif\"];")
        lines.append("  node [shape=box, style=rounded, fontname=\"sans-serif\"];")
        lines.append("  edge [fontname=\"sans-serif\", fontsize=10];")
        lines.append("  \"__start\" [shape=point, label=\"\"];")
        for state in workflow.states {
            var attributes = ["label=\(quote("\(state.label)\n\(state.id)"))"]
            if state.terminal { attributes.append("peripheries=2") }
            if state.id == workflow.initialState { attributes.append("style=\"rounded,bold\"") }
            lines.append("  \(quote(state.id)) [\(attributes.joined(separator: ", "))];")
        }
        if workflow.transitions.contains(where: { $0.from.contains(WorkflowTransition.anyState) }) {
            lines.append("  \(quote(anyNode)) [label=\(quote("\(anyLabel)\n*")), shape=note, style=dashed];")
        }
        lines.append("  \"__start\" -> \(quote(workflow.initialState));")
        for (from, transition) in edges(workflow) {
            let to = transition.to.isEmpty ? from : transition.to
            var attributes = ["label=\(quote("\(transition.label)\n\(transition.command)"))"]
            if transition.to.isEmpty { attributes.append("style=dashed") }
            lines.append("  \(quote(from)) -> \(quote(to)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid `stateDiagram-v2`.
    public static func mermaid(_ workflow: WorkflowDefinition) -> String {
        var lines = ["stateDiagram-v2", "    direction LR"]
        lines.append("    %% \(mermaidText(workflow.label)) (\(workflow.id)) v\(mermaidText(workflow.version))")
        for state in workflow.states {
            lines.append("    state \"\(mermaidText(state.label)) (\(state.id))\" as \(mermaidID(state.id))")
        }
        if workflow.transitions.contains(where: { $0.from.contains(WorkflowTransition.anyState) }) {
            lines.append("    state \"\(anyLabel) (*)\" as \(anyNode)")
        }
        lines.append("    [*] --> \(mermaidID(workflow.initialState))")
        for (from, transition) in edges(workflow) {
            let to = transition.to.isEmpty ? from : transition.to
            let label = "\(mermaidText(transition.label)) (\(transition.command))"
            lines.append("    \(mermaidID(from)) --> \(mermaidID(to)) : \(label)")
        }
        for state in workflow.states where state.terminal {
            lines.append("    \(mermaidID(state.id)) --> [*]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// (from node, transition) in file order, with `*` mapped to the shared node.
    static func edges(_ workflow: WorkflowDefinition) -> [(String, WorkflowTransition)] {
        workflow.transitions.flatMap { transition in
            transition.from.map { ($0 == WorkflowTransition.anyState ? anyNode : $0, transition) }
        }
    }

    /// A DOT string literal: quotes and backslashes escaped, newlines as `\n`.
    static func quote(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// Mermaid ids are words: anything else becomes `_`.
    static func mermaidID(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
    }

    /// Mermaid labels may not contain `:`, `;`, `"` or line breaks; use full-width forms.
    static func mermaidText(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case ":": result += "："
            case ";": result += "；"
            case "\"": result += "'"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
