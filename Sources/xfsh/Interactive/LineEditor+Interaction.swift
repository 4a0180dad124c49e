/// The line editor is how commands ask the operator for more (missing fields, `new`).
extension LineEditor: Interaction {
    func ask(_ prompt: String, prefill: String?, hint: (@Sendable (String) -> String)?) async -> EditorInput {
        await read(prompt, prefill: prefill, hint: hint)
    }
}
