import Foundation

extension EventPayload: Codable {
    private enum Kind: String, Codable {
        case registered, transitioned, noteAdded = "note_added", deadline
        case duplicatesSuspected = "duplicates_suspected", linked
        case personalDataRevealed = "personal_data_revealed"
    }

    private enum CodingKeys: String, CodingKey {
        case kind, registration, transition, text, deadline, candidates, link, reason, fields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .registered: self = .registered(try container.decode(Registration.self, forKey: .registration))
        case .transitioned: self = .transitioned(try container.decode(TransitionRecord.self, forKey: .transition))
        case .noteAdded: self = .noteAdded(text: try container.decode(String.self, forKey: .text))
        case .deadline: self = .deadline(try container.decode(DeadlineRecord.self, forKey: .deadline))
        case .duplicatesSuspected:
            self = .duplicatesSuspected(try container.decode([DuplicateCandidate].self, forKey: .candidates))
        case .linked: self = .linked(try container.decode(CaseLinkRecord.self, forKey: .link))
        case .personalDataRevealed:
            self = .personalDataRevealed(
                reason: try container.decode(String.self, forKey: .reason),
                fields: try container.decode([String].self, forKey: .fields))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .registered(let registration):
            try container.encode(Kind.registered, forKey: .kind)
            try container.encode(registration, forKey: .registration)
        case .transitioned(let transition):
            try container.encode(Kind.transitioned, forKey: .kind)
            try container.encode(transition, forKey: .transition)
        case .noteAdded(let text):
            try container.encode(Kind.noteAdded, forKey: .kind)
            try container.encode(text, forKey: .text)
        case .deadline(let record):
            try container.encode(Kind.deadline, forKey: .kind)
            try container.encode(record, forKey: .deadline)
        case .duplicatesSuspected(let candidates):
            try container.encode(Kind.duplicatesSuspected, forKey: .kind)
            try container.encode(candidates, forKey: .candidates)
        case .linked(let link):
            try container.encode(Kind.linked, forKey: .kind)
            try container.encode(link, forKey: .link)
        case .personalDataRevealed(let reason, let fields):
            try container.encode(Kind.personalDataRevealed, forKey: .kind)
            try container.encode(reason, forKey: .reason)
            try container.encode(fields, forKey: .fields)
        }
    }
}
