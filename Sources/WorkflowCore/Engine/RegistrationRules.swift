import Foundation

/// The checks a registration must pass, each naming the field and the limit.
enum RegistrationRules {
    static func check(_ registration: Registration) throws(CaseRejection) {
        try requireText(registration.idempotencyKey, field: "submission.idempotency_key", limit: Limits.idempotencyKeyCharacters)
        guard registration.channel.isWellFormed else {
            throw .invalidField(
                field: "submission.channel",
                problem: "must be a lowercase channel id such as visit, letter, online, phone, hotline12345, grid",
                limit: "32 characters")
        }
        try requireText(registration.subject, field: "submission.subject", limit: Limits.subjectCharacters)
        try requireText(registration.content, field: "submission.content", limit: Limits.contentCharacters)
        let petitioner = registration.petitioner
        if registration.channel != .grid {
            try requireText(petitioner.name, field: "submission.petitioner.name", limit: Limits.nameCharacters)
        } else {
            try limitText(petitioner.name, field: "submission.petitioner.name", limit: Limits.nameCharacters)
        }
        try limitText(petitioner.phone, field: "submission.petitioner.phone", limit: Limits.phoneCharacters)
        try limitText(petitioner.address, field: "submission.petitioner.address", limit: Limits.addressCharacters)
        if !petitioner.idNumber.isEmpty, !ResidentID.isWellFormed(petitioner.idNumber) {
            throw .invalidField(
                field: "submission.petitioner.id_number",
                problem: "is not a valid 18-character resident identity number (GB 11643 check digit)",
                limit: "18 characters")
        }
        if petitioner.headcount < 1 || petitioner.headcount > 10_000 {
            throw .invalidField(field: "submission.petitioner.headcount", problem: "must be between 1 and 10000", limit: "10000")
        }
        let classes = ["", "suggestion", "accusation", "claim"]
        if registration.workflow == "xinfang", !classes.contains(registration.matterClass) {
            throw .invalidField(
                field: "submission.matter_class", problem: "must be one of suggestion, accusation, claim", limit: nil)
        }
        guard registration.attributes.count <= Limits.attributeCount else {
            throw .invalidField(field: "submission.attributes", problem: "too many attributes", limit: "\(Limits.attributeCount)")
        }
        for (index, attribute) in registration.attributes.enumerated() {
            try requireText(attribute.name, field: "submission.attributes[\(index)].name", limit: 64)
            try limitText(attribute.value, field: "submission.attributes[\(index)].value", limit: Limits.attributeValueCharacters)
        }
        guard registration.attachments.count <= Limits.attachmentsPerCase else {
            throw .invalidField(field: "submission.attachments", problem: "too many attachments", limit: "\(Limits.attachmentsPerCase)")
        }
        for (index, attachment) in registration.attachments.enumerated() {
            guard attachment.sha256.count == 64, attachment.sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .invalidField(field: "submission.attachments[\(index)].sha256", problem: "must be 64 lowercase hex digits", limit: nil)
            }
        }
        guard !registration.orgID.isEmpty else {
            throw .invalidField(field: "submission.org_id", problem: "is required", limit: nil)
        }
    }

    static func requireText(_ value: String, field: String, limit: Int) throws(CaseRejection) {
        // Whitespace-only is empty (the same test as trimming, without building a new string).
        guard value.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .invalidField(field: field, problem: "is required", limit: nil)
        }
        try limitText(value, field: field, limit: limit)
    }

    static func limitText(_ value: String, field: String, limit: Int) throws(CaseRejection) {
        guard value.count <= limit else {
            throw .invalidField(field: field, problem: "is \(value.count) characters, over the limit", limit: "\(limit) characters")
        }
    }
}
