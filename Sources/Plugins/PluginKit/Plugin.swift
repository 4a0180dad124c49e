public import Foundation
public import WireProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A plugin's connection to the xinfang plugin host, over its stdin and stdout.
///
/// ```swift
/// import PluginKit
///
/// @main struct Intake {
///     static func main() async throws {
///         let asking = Capabilities.with { $0.submitChannels = ["letter"]; $0.eventTypes = ["closed"] }
///         try await Plugin.run(name: "mailbox", version: "1.0.0", requesting: asking) { plugin in
///             let answer = try await plugin.submit(.with {
///                 $0.idempotencyKey = "mailbox:4711"; $0.channel = "letter"
///                 $0.subject = "噪音扰民"; $0.content = "……"; $0.petitioner.name = "王大顺"
///             })
///             plugin.log(.info, "registered \(answer.caseNumber)")
///             for try await delivery in plugin.events {
///                 // ... act on delivery.event ...
///                 try plugin.ack(delivery)
///             }
///         }
///     }
/// }
/// ```
///
/// PluginKit answers the host's heartbeats by itself, and `events` ends when the host asks
/// the plugin to shut down (return from the body then) or closes the connection. Never write
/// to stdout yourself: it carries the frames. Write diagnostics with ``log(_:_:metadata:)``
/// or to stderr (the host logs each stderr line tagged with the plugin's name).
public final class Plugin: Sendable {
    /// The plugin's name, as in its manifest.
    public let name: String
    /// The plugin's own version.
    public let version: String
    /// What the host granted, the manifest's `config`, the state folder.
    public let settings: PluginSettings
    private let connection: PluginConnection

    private init(name: String, version: String, settings: PluginSettings, connection: PluginConnection) {
        self.name = name
        self.version = version
        self.settings = settings
        self.connection = connection
    }

    /// Connects to the host (handshake: Hello, then Welcome or Refusal), runs `body`, and
    /// closes the connection when `body` returns.
    ///
    /// - Throws: ``PluginKitError`` with code ``PluginKitError/Code/refused`` when the host
    ///   refuses the handshake (the reason names the capability or the version), or
    ///   whatever `body` throws.
    public static func run<Result: Sendable>(
        name: String,
        version: String,
        requesting capabilities: Capabilities,
        input: Int32 = STDIN_FILENO,
        output: Int32 = STDOUT_FILENO,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Plugin) async throws -> Result
    ) async throws -> Result {
        // A host that went away must be an error on write, not a kill.
        signal(SIGPIPE, SIG_IGN)
        let connection = PluginConnection(input: input, output: output)
        let hello = Xinfang_V1_Hello.with {
            $0.protocolVersion = .pluginProtocolVersion1
            $0.pluginName = name
            $0.pluginVersion = version
            $0.requested = capabilities
        }
        return try await withThrowingTaskGroup(of: Void.self, isolation: isolation) { group in
            group.addTask { await connection.run(hello: hello) }
            do {
                let result = try await converse(connection, name: name, version: version, body)
                await connection.finishOutput()
                group.cancelAll()
                return result
            } catch {
                await connection.finishOutput()
                group.cancelAll()
                throw error
            }
        }
    }

    private static func converse<Result: Sendable>(
        _ connection: PluginConnection, name: String, version: String,
        isolation: isolated (any Actor)? = #isolation, _ body: (Plugin) async throws -> Result
    ) async throws -> Result {
        let welcome = try await connection.awaitWelcome()
        let settings = PluginSettings(
            granted: welcome.granted,
            config: Dictionary(welcome.config.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
            stateDirectory: welcome.stateDir,
            heartbeatInterval: .milliseconds(Int(welcome.heartbeatIntervalMs)),
            maxFrameBytes: welcome.maxFrameBytes > 0 ? Int(welcome.maxFrameBytes) : FrameLimits.maxFrameBytes)
        let plugin = Plugin(name: name, version: version, settings: settings, connection: connection)
        return try await body(plugin)
    }

    /// The events of the plugin's outbox, in order per case. Iterate it once. It ends when
    /// the host asks the plugin to shut down or closes the connection, and throws on a
    /// protocol violation.
    public var events: AsyncThrowingStream<PluginDelivery, any Error> { connection.events }

    /// Tells the host the plugin is finished with a delivery; it is not delivered again.
    public func ack(_ delivery: PluginDelivery) throws {
        try ack(deliveryID: delivery.id)
    }

    /// Acknowledges a delivery by id.
    public func ack(deliveryID: UInt64) throws {
        var ack = Xinfang_V1_Ack()
        ack.deliveryID = deliveryID
        try connection.send(.ack(ack))
    }

    /// Registers a case, or returns the case its idempotency key created before.
    ///
    /// - Throws: ``PluginKitError`` with code ``PluginKitError/Code/host``: `not_granted`
    ///   (the channel or org is not granted), `invalid_field` (naming the field and the limit).
    public func submit(_ submission: Submission) async throws -> SubmitResponse {
        let reply = try await connection.request { id in
            var submit = Xinfang_V1_PluginSubmit()
            submit.requestID = id
            submit.submission = submission
            return .submit(submit)
        }
        guard case .submitResult(let result) = reply.body else { throw Self.unexpected(reply) }
        if result.hasError { throw PluginConnection.hostError(result.error) }
        return result.response
    }

    /// Fires a workflow command on a case (by case number or id). With an idempotency key, a
    /// repeat changes nothing and answers the case as it is.
    public func command(
        _ command: String, onCase caseRef: String, fields: [String: String] = [:], idempotencyKey: String = ""
    ) async throws -> CommandOutcome {
        let reply = try await connection.request { id in
            var request = Xinfang_V1_PluginCommand()
            request.requestID = id
            request.caseRef = caseRef
            request.command = command
            request.fields = fields.sorted { $0.key < $1.key }.map { name, value in
                Xinfang_V1_Field.with { $0.name = name; $0.value = value }
            }
            request.idempotencyKey = idempotencyKey
            return .command(request)
        }
        guard case .commandResult(let result) = reply.body else { throw Self.unexpected(reply) }
        if result.hasError { throw PluginConnection.hostError(result.error) }
        return CommandOutcome(state: result.state, version: result.version)
    }

    /// The petitioner's unmasked details of a case; needs `read_contact`. The host records
    /// the read, with `reason`, on the case.
    public func contact(ofCase caseRef: String, reason: String) async throws -> Petitioner {
        let reply = try await connection.request { id in
            var request = Xinfang_V1_ContactRequest()
            request.requestID = id
            request.caseRef = caseRef
            request.reason = reason
            return .contactRequest(request)
        }
        guard case .contactResponse(let result) = reply.body else { throw Self.unexpected(reply) }
        if result.hasError { throw PluginConnection.hostError(result.error) }
        return result.petitioner
    }

    /// Stores an attachment (its whole content must fit in one frame: under
    /// ``PluginSettings/maxFrameBytes``); refer to the answer in `Submission.attachments`.
    public func uploadAttachment(_ data: Data, fileName: String, mediaType: String) async throws -> AttachmentRef {
        let reply = try await connection.request { id in
            var upload = Xinfang_V1_AttachmentUpload()
            upload.requestID = id
            upload.metadata = .with {
                $0.fileName = fileName
                $0.mediaType = mediaType
                $0.sizeBytes = UInt64(data.count)
            }
            upload.data = data
            return .attachment(upload)
        }
        guard case .attachmentStored(let result) = reply.body else { throw Self.unexpected(reply) }
        if result.hasError { throw PluginConnection.hostError(result.error) }
        return result.ref
    }

    /// Sends a record to the host's log, tagged with the plugin's name. Never log personal
    /// data (names, ID numbers, phones, addresses).
    public func log(_ level: PluginLogLevel, _ message: String, metadata: [String: String] = [:]) {
        var record = Xinfang_V1_LogRecord()
        record.level = level.rawValue
        record.message = message
        record.metadata = metadata.sorted { $0.key < $1.key }.map { name, value in
            Xinfang_V1_Field.with { $0.name = name; $0.value = value }
        }
        try? connection.send(.log(record))
    }

    private static func unexpected(_ reply: Xinfang_V1_HostMessage) -> PluginKitError {
        PluginKitError(code: .protocolViolation, hostCode: "protocol", message: "unexpected answer \(String(describing: reply.body))")
    }
}
