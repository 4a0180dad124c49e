import WireProtocol

extension PluginCapabilities {
    /// The capabilities a handshake message carries.
    init(_ message: Xinfang_V1_Capabilities) {
        self.init(
            submitChannels: message.submitChannels, eventTypes: message.eventTypes, commands: message.commands,
            readContact: message.readContact, workflows: message.workflows)
    }

    /// As a handshake message.
    var message: Xinfang_V1_Capabilities {
        Xinfang_V1_Capabilities.with {
            $0.submitChannels = submitChannels
            $0.eventTypes = eventTypes
            $0.commands = commands
            $0.readContact = readContact
            $0.workflows = workflows
        }
    }
}
