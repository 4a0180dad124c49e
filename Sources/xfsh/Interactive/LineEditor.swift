import CLibEdit
import Foundation
import Synchronization

/// libedit: line editing, history and completion, with text from other threads shown above
/// the line being typed without disturbing it.
///
/// libedit is only ever called on `thread`. It reads keys through `readCharacter`, which
/// waits on standard input and on a wake pipe at once: text posted from elsewhere (live
/// events), a new prompt, Ctrl-C and a resized window all arrive through the pipe, and are
/// handled there, between two keys, on the editor thread. Printing above the prompt moves
/// the cursor to the start of the edited lines, clears them, prints, and asks libedit to
/// draw prompt and buffer again (EL_REFRESH): the half-typed line is kept in libedit's
/// buffer and comes back exactly as it was.
final class LineEditor: @unchecked Sendable {
    private let thread = EditorThread()
    private let historyPath: String?
    private let completer: @Sendable (String) -> [String]
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// State other threads hand to the editor thread.
    private struct Mailbox {
        var editing = false
        var pending: [String] = []
        var prompt: String?
    }
    private let mailbox = Mutex(Mailbox())

    // Editor thread only.
    private var editLine: OpaquePointer?
    private var history: OpaquePointer?
    private var promptStorage: UnsafeMutablePointer<CChar>?
    private var prompt = ""
    private var shownPromptWidth = 0
    private var hint: (@Sendable (String) -> String)?
    private var typeAhead: [Unicode.Scalar] = []
    private var interrupted = false

    /// The key libedit receives for Ctrl-C (bound to `xf-interrupt`).
    private static let interruptKey: wchar_t = 0x1E

    init(historyPath: String?, completer: @escaping @Sendable (String) -> [String]) {
        self.historyPath = historyPath
        self.completer = completer
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        xf_install_signal_handlers(wakeWrite)
    }

    // MARK: any thread

    /// Reads one line after `prompt`; `prefill` is typed for the operator first.
    func read(_ prompt: String, prefill: String? = nil, hint: (@Sendable (String) -> String)? = nil) async -> EditorInput {
        await thread.perform { self.readOnThread(prompt: prompt, prefill: prefill, hint: hint) }
    }

    /// Shows text above the line being typed, or at once when nothing is being typed.
    func post(_ text: String) {
        let queued = mailbox.withLock { mailbox -> Bool in
            if mailbox.editing {
                mailbox.pending.append(text)
                return true
            }
            Terminal.shared.write(text + "\n")
            return false
        }
        if queued { wake() }
    }

    /// Changes the prompt of the line being typed (e.g. when the open case changes state).
    func updatePrompt(_ text: String) {
        let queued = mailbox.withLock { mailbox -> Bool in
            guard mailbox.editing else { return false }
            mailbox.prompt = text
            return true
        }
        if queued { wake() }
    }

    /// Adds a line to the history and saves the history file (readable by its owner only).
    func addHistory(_ line: String) async {
        await thread.perform {
            self.setUp()
            guard let history = self.history else { return }
            _ = xf_history_enter(history, line)
            if let path = self.historyPath {
                _ = xf_history_save(history, path)
                chmod(path, 0o600)
            }
        }
    }

    /// True once when Ctrl-C was pressed while no line was being read (a command runs).
    func takeInterrupt() -> Bool {
        mailbox.withLock { $0.editing } ? false : xf_take_interrupt() != 0
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = Foundation.write(wakeWrite, &byte, 1)
    }

    // MARK: editor thread

    private func setUp() {
        guard editLine == nil else { return }
        xf_use_utf8_locale()
        guard let el = el_init("xfsh", xf_stdin(), xf_stdout(), xf_stderr()) else { return }
        editLine = el
        _ = xf_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        _ = xf_el_set_editor(el, "emacs")
        _ = xf_el_set_signal(el, 0)
        _ = xf_el_set_prompt(el) { el in LineEditor.owner(el)?.promptForLibedit() }
        _ = xf_el_set_getcfn(el) { el, out in
            guard let editor = LineEditor.owner(el), let out else { return -1 }
            return editor.readCharacter(out)
        }
        _ = xf_el_add_function(el, "xf-complete", "complete commands, case numbers and org names") { el, _ in
            LineEditor.owner(el)?.complete() ?? UInt8(CC_ERROR)
        }
        _ = xf_el_add_function(el, "xf-interrupt", "abandon the line") { el, _ in
            LineEditor.owner(el)?.interrupted = true
            return UInt8(CC_EOF)
        }
        _ = el_source(el, nil)
        _ = xf_el_bind(el, "^I", "xf-complete")
        _ = xf_el_bind(el, "^^", "xf-interrupt")
        if let created = history_init() {
            history = created
            _ = xf_history_setsize(created, 1000)
            _ = xf_history_setunique(created, 1)
            if let path = historyPath { _ = xf_history_load(created, path) }
            _ = xf_el_set_history(el, created)
        }
    }

    private static func owner(_ el: OpaquePointer?) -> LineEditor? {
        guard let el, let raw = xf_el_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(raw).takeUnretainedValue()
    }

    private func readOnThread(prompt: String, prefill: String?, hint: (@Sendable (String) -> String)?) -> EditorInput {
        setUp()
        guard let el = editLine else { return .endOfInput }
        setPrompt(prompt)
        self.hint = hint
        interrupted = false
        typeAhead = Array((prefill ?? "").unicodeScalars)
        mailbox.withLock { $0.editing = true }
        _ = xf_take_interrupt()
        var count: Int32 = 0
        let raw = el_gets(el, &count)
        let line = raw.map { String(cString: $0) }
        let leftovers = mailbox.withLock { mailbox -> [String] in
            mailbox.editing = false
            mailbox.prompt = nil
            defer { mailbox.pending = [] }
            return mailbox.pending
        }
        self.hint = nil
        let result: EditorInput
        if interrupted {
            Terminal.shared.write("^C\n")
            result = .interrupted
        } else if var line, count > 0 {
            if line.hasSuffix("\n") { line.removeLast() }
            result = .line(line)
        } else {
            Terminal.shared.write("\n")
            result = .endOfInput
        }
        for text in leftovers { Terminal.shared.write(text + "\n") }
        return result
    }

    private func setPrompt(_ text: String) {
        prompt = text
        free(promptStorage)
        promptStorage = strdup(text)
    }

    private func promptForLibedit() -> UnsafeMutablePointer<CChar>? {
        shownPromptWidth = DisplayWidth.of(prompt)
        return promptStorage
    }

    /// libedit's next key: type-ahead first, else whatever wakes first, stdin or the pipe.
    private func readCharacter(_ out: UnsafeMutablePointer<wchar_t>) -> Int32 {
        while true {
            if !typeAhead.isEmpty {
                out.pointee = wchar_t(bitPattern: typeAhead.removeFirst().value)
                return 1
            }
            if handleWake() {
                out.pointee = Self.interruptKey
                return 1
            }
            applyHint()
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if fds[1].revents != 0 {
                drainWake()
                continue
            }
            if fds[0].revents != 0 {
                guard let scalar = readScalar() else { return 0 }
                out.pointee = wchar_t(bitPattern: scalar.value)
                return 1
            }
        }
    }

    /// Handles what came through the pipe; true when Ctrl-C was pressed.
    private func handleWake() -> Bool {
        var redraw = false
        if xf_take_resize() != 0, let el = editLine {
            el_resize(el)
            redraw = true
        }
        let (pending, newPrompt) = mailbox.withLock { mailbox -> ([String], String?) in
            defer {
                mailbox.pending = []
                mailbox.prompt = nil
            }
            return (mailbox.pending, mailbox.prompt)
        }
        if let newPrompt, newPrompt != prompt, hint == nil {
            setPrompt(newPrompt)
            redraw = true
        }
        if !pending.isEmpty || redraw { printAbove(pending) }
        return xf_take_interrupt() != 0
    }

    private func drainWake() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while Foundation.read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    /// Validation as you type: the hint may change the prompt after every key.
    private func applyHint() {
        guard let hint else { return }
        let wanted = hint(currentLine().whole)
        if wanted != prompt {
            setPrompt(wanted)
            printAbove([])
        }
    }

    /// One UTF-8 character from standard input; nil at its end.
    private func readScalar() -> Unicode.Scalar? {
        var first: UInt8 = 0
        while true {
            let count = Foundation.read(STDIN_FILENO, &first, 1)
            if count == 1 { break }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            return nil
        }
        let length = first < 0x80 ? 1 : first >> 5 == 0b110 ? 2 : first >> 4 == 0b1110 ? 3 : first >> 3 == 0b11110 ? 4 : 1
        var bytes = [first]
        while bytes.count < length {
            var next: UInt8 = 0
            let count = Foundation.read(STDIN_FILENO, &next, 1)
            if count == 1 {
                bytes.append(next)
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.first
    }

    /// The buffer: before the cursor, and all of it.
    private func currentLine() -> (beforeCursor: String, whole: String) {
        guard let el = editLine, let info = el_wline(el) else { return ("", "") }
        func text(_ start: UnsafePointer<wchar_t>, _ end: UnsafePointer<wchar_t>) -> String {
            var result = String.UnicodeScalarView()
            var pointer = start
            while pointer < end {
                if let scalar = Unicode.Scalar(UInt32(bitPattern: pointer.pointee)) { result.append(scalar) }
                pointer += 1
            }
            return String(result)
        }
        let line = info.pointee
        return (text(line.buffer, line.cursor), text(line.buffer, line.lastchar))
    }

    /// Clears the edited lines, prints `lines` where they were, and redraws prompt and buffer below.
    private func printAbove(_ lines: [String]) {
        guard let el = editLine else { return }
        let columns = max(1, Int(xf_terminal_columns(STDOUT_FILENO)))
        let row = (shownPromptWidth + DisplayWidth.of(currentLine().beforeCursor)) / columns
        var text = "\r" + (row > 0 ? "\u{1B}[\(row)A" : "") + "\u{1B}[J"
        for line in lines { text += line.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" }
        Terminal.shared.exclusively {
            Terminal.writeAll(STDOUT_FILENO, text)
            _ = xf_el_redraw(el)
        }
    }

    /// Tab: completes the word before the cursor, or lists the choices above the prompt.
    private func complete() -> UInt8 {
        guard let el = editLine else { return UInt8(CC_ERROR) }
        let before = currentLine().beforeCursor
        let word = Words.lastWord(before).word
        let candidates = completer(before)
        if candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
        func replaceWord(with text: String) {
            el_deletestr(el, Int32(word.unicodeScalars.count))
            _ = el_insertstr(el, text)
        }
        if candidates.count == 1 {
            replaceWord(with: candidates[0] + " ")
            return UInt8(CC_REFRESH)
        }
        let common = Completer.commonPrefix(candidates)
        if common.count > word.count, common.hasPrefix(word) || word.isEmpty {
            replaceWord(with: common)
            return UInt8(CC_REFRESH)
        }
        printAbove([Completer.layout(candidates, columns: Int(xf_terminal_columns(STDOUT_FILENO)))])
        return UInt8(CC_NORM)
    }
}
