/// The fields read off a letter.
enum LetterField: String, Sendable, CaseIterable, Hashable {
    case name, idNumber = "id_number", mobile, landline, address, letterDate = "letter_date", addressee, summary

    /// The submission field an operator confirms (`uncertain_fields` on the case).
    var submissionField: String {
        switch self {
        case .name: "petitioner.name"
        case .idNumber: "petitioner.id_number"
        case .mobile, .landline: "petitioner.phone"
        case .address: "petitioner.address"
        case .letterDate: "attributes.letter_date"
        case .addressee: "attributes.addressee"
        case .summary: "subject"
        }
    }

    /// What operators call it (they read Chinese).
    var label: String {
        switch self {
        case .name: "姓名"
        case .idNumber: "身份证号"
        case .mobile: "手机"
        case .landline: "固定电话"
        case .address: "住址"
        case .letterDate: "来信落款日期"
        case .addressee: "收信单位"
        case .summary: "事由摘要"
        }
    }
}

/// One value read off a letter and how sure the reading is (0...1): the OCR confidence of
/// its characters, lowered where the value was found by a weaker rule or repaired.
struct ExtractedField: Sendable, Hashable {
    var value: String
    var confidence: Double
    /// Why it is less than certain, for operators (Chinese), if there is a reason.
    var remark: String?

    init(_ value: String, confidence: Double, remark: String? = nil) {
        self.value = value
        self.confidence = max(0, min(1, confidence))
        self.remark = remark
    }
}

/// Everything extracted from one letter.
struct LetterFields: Sendable, Hashable {
    /// A field under this confidence is flagged for an operator to confirm.
    static let confirmThreshold = 0.80

    var values: [LetterField: ExtractedField] = [:]
    /// An ID number was seen but no reading of it passes the check digit; it is left empty.
    var unverifiedIDNumber = false

    subscript(field: LetterField) -> ExtractedField? {
        get { values[field] }
        set { values[field] = newValue }
    }

    /// The fields an operator must confirm: missing where a letter normally has them,
    /// under ``confirmThreshold``, or an ID number that failed its check.
    var uncertain: [LetterField] {
        var fields: [LetterField] = []
        for field in LetterField.allCases {
            if let value = values[field] {
                if value.confidence < Self.confirmThreshold { fields.append(field) }
            } else if field == .idNumber {
                if unverifiedIDNumber { fields.append(field) }
            } else if field == .mobile {
                if values[.landline] == nil { fields.append(field) }
            } else if field != .landline {
                fields.append(field)
            }
        }
        return fields
    }
}
