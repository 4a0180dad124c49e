import Foundation

/// Runs helper programs (poppler's tools, Tesseract's `text2image`) to completion.
enum ChildProcess {
    /// Runs `path` with `arguments`, reading its output and error to the end; a program
    /// still running after `timeoutSeconds` is killed (status then non-zero).
    static func run(_ path: String, _ arguments: [String], timeoutSeconds: Int) -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (127, "", "\(path) could not be started: \(error)")
        }
        let deadline = DispatchTime.now() + .seconds(timeoutSeconds)
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: deadline)
        timer.setEventHandler { if process.isRunning { process.terminate() } }
        timer.resume()
        let errors = Collector(error.fileHandleForReading)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        let err = errors.wait()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err.suffix(2_000), as: UTF8.self))
    }

    /// Reads a pipe to its end on a thread of its own, so neither pipe fills up.
    private final class Collector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
