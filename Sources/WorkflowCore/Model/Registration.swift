public import Foundation

/// What intake registers: the content of a `registered` event.
public struct Registration: Hashable, Sendable, Codable {
    public var idempotencyKey: String
    public var channel: Channel
    public var workflow: String
    /// The workflow file's version at registration.
    public var workflowVersion: String
    public var subject: String
    public var content: String
    public var petitioner: Petitioner
    /// `suggestion` 建议意见类, `accusation` 检举控告类, `claim` 申诉求决类, or empty.
    public var matterClass: String
    public var accused: Accused
    /// The org the case is registered at.
    public var orgID: String
    public var attachments: [AttachmentRef]
    public var receivedAt: Date
    public var attributes: [Field]
    public var uncertainFields: [String]

    public init(
        idempotencyKey: String, channel: Channel, workflow: String, workflowVersion: String = "",
        subject: String, content: String, petitioner: Petitioner, matterClass: String = "",
        accused: Accused = Accused(), orgID: String, attachments: [AttachmentRef] = [],
        receivedAt: Date, attributes: [Field] = [], uncertainFields: [String] = []
    ) {
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.workflow = workflow
        self.workflowVersion = workflowVersion
        self.subject = subject
        self.content = content
        self.petitioner = petitioner
        self.matterClass = matterClass
        self.accused = accused
        self.orgID = orgID
        self.attachments = attachments
        self.receivedAt = receivedAt
        self.attributes = attributes
        self.uncertainFields = uncertainFields
    }
}
