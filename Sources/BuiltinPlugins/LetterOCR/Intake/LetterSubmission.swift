import Foundation
import PluginKit

/// The case a read letter becomes: the petitioner's fields, the OCR text as the content, the
/// scan as an attachment with the OCR text beside it (its `extracted_text`), and the fields
/// an operator must confirm (`uncertain_fields`, plus the `ocr_to_confirm` note in Chinese).
///
/// Personal data goes only into the petitioner (masked in events and logs); attributes hold
/// nothing personal.
enum LetterSubmission {
    /// The channel letters are registered on.
    static let channel = "letter"
    /// The name recorded when none could be read (the field is then flagged).
    static let unreadName = "（未识别）"
    static let emptyContent = "（扫描件中未识别出文字，请查看附件）"
    static let defaultSubject = "来信（事由待摘要）"
    /// The case content's limit (the engine's), with room for the truncation note.
    static let maxContentCharacters = 20_000

    /// The idempotency key of a scan: its content hash, so the same scan never makes two cases.
    static func key(sha256: String) -> String { "scan:\(sha256)" }

    static func make(letter: LetterReader.Letter, scan: AttachmentRef, sha256: String) -> Submission {
        let fields = letter.fields
        let uncertain = fields.uncertain
        var ref = scan
        ref.extractedText = letter.text.text
        return Submission.with { submission in
            submission.idempotencyKey = key(sha256: sha256)
            submission.channel = channel
            submission.subject = fields[.summary]?.value ?? defaultSubject
            submission.content = content(letter.text.text)
            submission.petitioner.name = fields[.name]?.value ?? unreadName
            submission.petitioner.idNumber = fields[.idNumber]?.value ?? ""
            submission.petitioner.phone = (fields[.mobile] ?? fields[.landline])?.value ?? ""
            submission.petitioner.address = String((fields[.address]?.value ?? "").prefix(256))
            submission.petitioner.headcount = 1
            submission.attachments = [ref]
            submission.uncertainFields = Array(Set(uncertain.map(\.submissionField))).sorted()
            submission.attributes = attributes(letter: letter, sha256: sha256, uncertain: uncertain).map { name, value in
                .with { $0.name = name; $0.value = value }
            }
        }
    }

    static func content(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return emptyContent }
        let note = "\n（OCR文字过长，已截断，全文见附件）"
        return trimmed.count <= maxContentCharacters ? trimmed : String(trimmed.prefix(maxContentCharacters - note.count)) + note
    }

    /// Non-personal facts about the reading, in a stable order.
    static func attributes(letter: LetterReader.Letter, sha256: String, uncertain: [LetterField]) -> [(String, String)] {
        let fields = letter.fields
        var attributes: [(String, String)] = [
            ("source", "letter-ocr"),
            ("scan_sha256", sha256),
            ("scan_pages", "\(letter.pageCount)"),
            ("ocr_engine", "tesseract \(TesseractEngine.language)"),
            ("ocr_mean_confidence", String(format: "%.2f", letter.text.meanConfidence)),
            ("ocr_confidence", LetterField.allCases.compactMap { field in
                fields[field].map { "\(field.rawValue)=\(String(format: "%.2f", $0.confidence))" }
            }.joined(separator: " ")),
        ]
        if let date = fields[.letterDate] { attributes.append(("letter_date", date.value)) }
        if let addressee = fields[.addressee] { attributes.append(("addressee", String(addressee.value.prefix(200)))) }
        if !uncertain.isEmpty { attributes.append(("ocr_to_confirm", confirmNote(fields: fields, uncertain: uncertain))) }
        return attributes
    }

    /// 请在xfsh中核对：姓名（未识别）、身份证号（校验位不符，未填入）……
    static func confirmNote(fields: LetterFields, uncertain: [LetterField]) -> String {
        let items = uncertain.map { field -> String in
            let reason: String
            if field == .idNumber, fields[field] == nil {
                reason = "校验位不符，未填入"
            } else if let value = fields[field] {
                reason = value.remark ?? "置信度\(String(format: "%.2f", value.confidence))"
            } else if field == .mobile {
                reason = "未找到电话号码"
            } else {
                reason = "未识别"
            }
            return "\(field.label)（\(reason)）"
        }
        return String(("请在xfsh中对照扫描件核对：" + items.joined(separator: "、")).prefix(1_000))
    }
}
