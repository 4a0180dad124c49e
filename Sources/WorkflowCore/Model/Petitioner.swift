public import Foundation

/// A petitioner (信访人), caller or reporter. Personal fields are masked in every default
/// view; only an audited reveal shows them.
public struct Petitioner: Hashable, Sendable, Codable {
    public var name: String
    public var idNumber: String
    public var phone: String
    public var address: String
    /// People in a collective petition (集体访); 1 for one person.
    public var headcount: Int
    /// The petitioner asked for their identity to be kept from the accused.
    public var confidential: Bool

    public init(
        name: String = "", idNumber: String = "", phone: String = "", address: String = "",
        headcount: Int = 1, confidential: Bool = false
    ) {
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.address = address
        self.headcount = headcount
        self.confidential = confidential
    }
}

/// The accused person or organisation of a 检举控告 matter.
public struct Accused: Hashable, Sendable, Codable {
    public var personName: String
    /// Org id of the accused organisation (or the accused person's employer), when known.
    public var orgID: String
    public var orgName: String

    public init(personName: String = "", orgID: String = "", orgName: String = "") {
        self.personName = personName
        self.orgID = orgID
        self.orgName = orgName
    }

    public var isEmpty: Bool { personName.isEmpty && orgID.isEmpty && orgName.isEmpty }
}

/// A stored attachment, content-addressed by SHA-256.
public struct AttachmentRef: Hashable, Sendable, Codable {
    public var sha256: String
    public var fileName: String
    public var mediaType: String
    public var sizeBytes: Int
    public var extractedText: String

    public init(sha256: String, fileName: String, mediaType: String, sizeBytes: Int, extractedText: String = "") {
        self.sha256 = sha256
        self.fileName = fileName
        self.mediaType = mediaType
        self.sizeBytes = sizeBytes
        self.extractedText = extractedText
    }
}
