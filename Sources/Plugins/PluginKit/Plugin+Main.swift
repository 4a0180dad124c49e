public import Foundation
public import WireProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Plugin {
    /// Runs a plugin program to its end and exits the process: 0 after a clean shutdown;
    /// otherwise one line `NAME: reason` on stderr (the host shows a plugin's last stderr line
    /// as its last error) and exit status 2 when the host refused the handshake or
    /// `isConfigurationError` says the error is the plugin's own configuration (the manifest's
    /// `config`, a data file), 1 for anything else (a port taken, a lost host).
    ///
    /// ```swift
    /// @main struct Mailbox {
    ///     static func main() async {
    ///         await Plugin.main(name: "mailbox", version: "1.0.0", requesting: asking, isConfigurationError: { $0 is SettingsError }) { plugin in
    ///             try await serve(plugin)
    ///         }
    ///     }
    /// }
    /// ```
    public static func main(
        name: String,
        version: String,
        requesting capabilities: Capabilities,
        isConfigurationError: (any Error) -> Bool = { _ in false },
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Plugin) async throws -> Void
    ) async -> Never {
        do {
            try await run(name: name, version: version, requesting: capabilities, isolation: isolation, body)
            exit(0)
        } catch let error as PluginKitError where error.code == .refused {
            FileHandle.standardError.write(Data("\(name): the host refused the handshake: \(error.message)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            exit(isConfigurationError(error) ? 2 : 1)
        }
    }
}
