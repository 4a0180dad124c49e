import Foundation
import WorkflowCore

/// A generated set of petitions with known duplicates, for measuring precision and recall.
/// Deterministic for a seed. Each case belongs to a person and a matter; the truth is
/// "same person" (→ `same_petitioner`) and "same matter" (→ `similar_content`).
///
/// Kinds, by share of cases: a new matter from a new person; the same person again on the
/// same matter in edited wording (重复信访 proper); another person on the same matter in
/// their own edited wording (neighbours, co-workers); the same person on a different
/// matter. Each submission gives both identifiers or only one, formatted variously, as
/// hotlines, letters and visits do; a person who gives only a phone once and only an ID
/// the next time cannot be matched, and that counts against recall.
struct DuplicatesCorpus {
    struct Person {
        var id: String
        var phone: String
    }

    struct Matter {
        var topic: Int
        var slots: [String: String]
        var sentences: [Int]
        /// Which particulars (`PetitionPhrases.details`) it states.
        var details: [Int]
        var subject: Int
        /// Fixes the matter's own wording choices; variants depart from it.
        var phrasing: UInt64
    }

    struct Case {
        var person: Int
        var matter: Int
        var kind: String
        var registration: Registration
    }

    private(set) var people: [Person] = []
    private(set) var matters: [Matter] = []
    private(set) var cases: [Case] = []
    private var rng: SplitMix
    /// The person who first raised each matter.
    private var firstPerson: [Int] = []

    /// Kinds and their shares.
    static let kinds: [(String, Double)] = [
        ("original", 0.58), ("resubmission", 0.17), ("same_matter_other_person", 0.12), ("other_matter_same_person", 0.13),
    ]

    init(count: Int, seed: UInt64) {
        rng = SplitMix(seed)
        for index in 0..<count { cases.append(makeCase(index)) }
    }

    private mutating func makeCase(_ index: Int) -> Case {
        var kind = pick(weighted: Self.kinds)
        if cases.isEmpty { kind = "original" }
        let person: Int, matter: Int, edit: Double
        switch kind {
        // Earlier matters and people are drawn uniformly, not by how many cases they have, so
        // a few do not snowball into hundreds of cases (real repeat petitioners exist, but are few).
        case "resubmission":
            let earlier = rng.below(matters.count)
            (person, matter, edit) = (firstPerson[earlier], earlier, 0.3)
        case "same_matter_other_person":
            (person, matter, edit) = (newPerson(), rng.below(matters.count), 0.45)
        case "other_matter_same_person":
            (person, matter, edit) = (rng.below(people.count), newMatter(), 0)
        default:
            (person, matter, edit) = (newPerson(), newMatter(), 0)
        }
        if matter == firstPerson.count { firstPerson.append(person) }
        let (subject, content) = render(matters[matter], edit: edit)
        let registration = Registration(
            idempotencyKey: "bench-\(index)", channel: [.letter, .visit, .hotline12345, .online][rng.below(4)], workflow: "xinfang",
            subject: subject, content: content, petitioner: petitioner(people[person]), orgID: "org-\(rng.below(12))",
            receivedAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(index) * 600))
        return Case(person: person, matter: matter, kind: kind, registration: registration)
    }

    // MARK: People and how they write their identifiers

    private mutating func newPerson() -> Int {
        let region = ["110105", "310104", "440304", "330106", "510107", "420102", "610113", "370102"][rng.below(8)]
        let born = String(format: "%04d%02d%02d", 1940 + rng.below(65), 1 + rng.below(12), 1 + rng.below(28))
        let first17 = region + born + String(format: "%03d", rng.below(1000))
        let id = first17 + String(ResidentID.checkCharacter(for: first17)!)
        let phone: String
        if rng.chance(0.85) {
            phone = ["135", "138", "139", "150", "158", "186", "177", "199"][rng.below(8)] + String(format: "%08d", rng.below(100_000_000))
        } else {
            phone = ["010", "021", "0571", "028", "027", "029"][rng.below(6)] + String(format: "%08d", 20_000_000 + rng.below(70_000_000))
        }
        people.append(Person(id: id, phone: phone))
        return people.count - 1
    }

    private mutating func petitioner(_ person: Person) -> Petitioner {
        let gives = pick(weighted: [("both", 0.7), ("phone", 0.2), ("id", 0.1)])
        return Petitioner(
            name: "某某", idNumber: gives == "phone" ? "" : idVariant(person.id),
            phone: gives == "id" ? "" : phoneVariant(person.phone))
    }

    /// Intake refuses an ID number that is not 18 well-formed characters, so only the case
    /// of the check character varies here (the normaliser's other folds are unit-tested).
    private mutating func idVariant(_ id: String) -> String {
        rng.chance(0.5) ? id.lowercased() : id
    }

    private mutating func phoneVariant(_ phone: String) -> String {
        if phone.hasPrefix("0") {
            let split = phone.hasPrefix("01") || phone.hasPrefix("02") ? 3 : 4
            let (area, local) = (phone.prefix(split), phone.dropFirst(split))
            return [phone, "\(area)-\(local)", "(\(area))\(local)", "+86 \(area.dropFirst()) \(local)"][rng.below(4)]
        }
        let parts = "\(phone.prefix(3)) \(phone.dropFirst(3).prefix(4)) \(phone.suffix(4))"
        return [phone, parts, parts.replacingOccurrences(of: " ", with: "-"), "+86 " + parts, "0086" + phone, fullwidth(phone)][rng.below(6)]
    }

    private func fullwidth(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            guard scalar.isASCII, scalar.value > 0x20 else { return Character(scalar) }
            return Character(Unicode.Scalar(scalar.value + 0xFEE0)!)
        })
    }

    // MARK: Matters and their wording

    private mutating func newMatter() -> Int {
        let topic = rng.below(PetitionPhrases.topics.count)
        let pool = PetitionPhrases.topics[topic].sentences
        var sentences = Array(0..<pool.count)
        rng.shuffle(&sentences)
        sentences = Array(sentences.prefix(3 + rng.below(3))).sorted()
        var details = Array(0..<PetitionPhrases.details.count)
        rng.shuffle(&details)
        var slots: [String: String] = [:]
        for (name, values) in PetitionPhrases.slots { slots[name] = values(&rng) }
        matters.append(Matter(
            topic: topic, slots: slots, sentences: sentences, details: Array(details.prefix(1 + rng.below(2))), subject: rng.below(PetitionPhrases.topics[topic].subjects.count),
            phrasing: rng.next()))
        return matters.count - 1
    }

    /// The matter's text; `edit` is the share of wording choices a variant makes afresh, and
    /// a variant also may drop a sentence, add a "reported before" sentence, swap two
    /// sentences, and opens and closes in its own words.
    private mutating func render(_ matter: Matter, edit: Double) -> (String, String) {
        let topic = PetitionPhrases.topics[matter.topic]
        var own = SplitMix(matter.phrasing)
        var sentences = matter.sentences.map { topic.sentences[$0] }
        for detail in matter.details { sentences.insert(PetitionPhrases.details[detail], at: own.below(sentences.count + 1)) }
        var opening = PetitionPhrases.openings[own.below(PetitionPhrases.openings.count)]
        var closing = PetitionPhrases.closings[own.below(PetitionPhrases.closings.count)]
        var subject = topic.subjects[matter.subject]
        if edit > 0 {
            if sentences.count > 3, rng.chance(0.5) { sentences.remove(at: rng.below(sentences.count)) }
            if rng.chance(0.6) { sentences.append(PetitionPhrases.again[rng.below(PetitionPhrases.again.count)]) }
            if sentences.count > 1, rng.chance(0.5) {
                let at = rng.below(sentences.count - 1)
                sentences.swapAt(at, at + 1)
            }
            if rng.chance(0.7) { opening = PetitionPhrases.openings[rng.below(PetitionPhrases.openings.count)] }
            if rng.chance(0.7) { closing = PetitionPhrases.closings[rng.below(PetitionPhrases.closings.count)] }
            if rng.chance(0.4) { subject = topic.subjects[rng.below(topic.subjects.count)] }
        }
        let body = ([opening] + sentences + [closing]).map { fill($0, matter, edit: edit) }.joined()
        return (fill(subject, matter, edit: edit), reword(body, matter, edit: edit))
    }

    /// The writer's own words: each synonym group becomes the matter's chosen member, or
    /// with probability `edit` a fresh one.
    private mutating func reword(_ text: String, _ matter: Matter, edit: Double) -> String {
        var text = text
        for (group, words) in PetitionPhrases.synonyms.enumerated() {
            var own = SplitMix(matter.phrasing ^ UInt64(group + 1) &* 0x9E37_79B9)
            let chosen = words[rng.chance(edit) ? rng.below(words.count) : own.below(words.count)]
            for word in words where word != chosen && text.contains(word) {
                text = text.replacingOccurrences(of: word, with: "\u{1}")
            }
            text = text.replacingOccurrences(of: "\u{1}", with: chosen)
        }
        return text
    }

    /// Replaces `{slot}` with the matter's value and `[a|b|c]` with one alternative: the
    /// matter's own choice for this template, or with probability `edit` a fresh one.
    private mutating func fill(_ template: String, _ matter: Matter, edit: Double) -> String {
        let slots = matter.slots
        var base = SplitMix(template.utf8.reduce(matter.phrasing) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "[" }) {
            output += rest[..<open]
            let closer: Character = rest[open] == "{" ? "}" : "]"
            guard let close = rest[open...].firstIndex(of: closer) else { break }
            let inner = rest[rest.index(after: open)..<close]
            if closer == "}" {
                output += slots[String(inner)] ?? ""
            } else {
                let options = inner.split(separator: "|", omittingEmptySubsequences: false)
                let own = base.below(options.count)
                output += options[rng.chance(edit) ? rng.below(options.count) : own]
            }
            rest = rest[rest.index(after: close)...]
        }
        return keepClauses(output + rest, base: &base, edit: edit)
    }

    /// Writers leave out different parts of a sentence: each clause after the first is kept
    /// or dropped by the matter's choice (a variant re-decides with probability `edit`).
    private mutating func keepClauses(_ sentence: String, base: inout SplitMix, edit: Double) -> String {
        let clauses = sentence.split(separator: "，", omittingEmptySubsequences: false)
        guard clauses.count > 1, let last = clauses.last, last.hasSuffix("。") || last.hasSuffix("！") else { return sentence }
        var kept = [clauses[0]]
        for clause in clauses.dropFirst() {
            let own = base.chance(0.7)
            if rng.chance(edit) ? rng.chance(0.7) : own { kept.append(clause) }
        }
        var text = kept.joined(separator: "，")
        if let end = last.last, !text.hasSuffix(String(end)) { text.append(end) }
        return text
    }

    private mutating func pick(weighted options: [(String, Double)]) -> String {
        var roll = rng.unit()
        for (name, weight) in options {
            roll -= weight
            if roll < 0 { return name }
        }
        return options.last!.0
    }
}

/// splitmix64: small, fast, deterministic.
struct SplitMix {
    private var state: UInt64
    init(_ seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) { array.swapAt(i, below(i + 1)) }
    }
}
