/// What one prompt for input returned.
enum EditorInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-D on an empty line, or the end of input.
    case endOfInput
    /// Ctrl-C.
    case interrupted
}

/// Asking the operator for more, in the interactive shell only.
protocol Interaction: Sendable {
    /// Reads one line after `prompt`, with `prefill` already typed. `hint`, when given, is
    /// asked for a new prompt as the operator types (validation as you type).
    func ask(_ prompt: String, prefill: String?, hint: (@Sendable (String) -> String)?) async -> EditorInput

    /// Shows text above the line being typed.
    func post(_ text: String)
}
