import Testing

@testable import WorkflowCore

/// The short-query table's text is given again to FTS5 to delete a row, so it must come out
/// exactly the same for the same document, in every release: these are its expected bytes.
struct SearchTextTests {
    @Test func everyCharacterAndAdjacentPairOnceFoldedInFirstSeenOrder() {
        let tokens = SearchText.shortTokens(subject: "Ab 路灯-坏", content: "路灯灯", thread: "")
        #expect(tokens == "a b ab 路 灯 路灯 \u{E02D} 灯\u{E02D} 坏 \u{E02D}坏 灯灯")
    }

    @Test func pairsNeverSpanSpacesOrParts() {
        let tokens = SearchText.shortTokens(subject: "甲", content: "乙 丙", thread: "丁\n戊")
        #expect(tokens == "甲 乙 丙 丁 戊")
    }

    @Test func orgsComeFirstAndEveryUTF8LengthIsKept() {
        let tokens = SearchText.shortTokens(subject: "Éa", content: "😀Ｘ", thread: "", orgs: ["o1"])
        #expect(tokens == SearchText.orgToken("o1") + " é a éa 😀 ｘ 😀ｘ")
    }

    @Test func anEmptyDocumentHasNoTokens() {
        #expect(SearchText.shortTokens(subject: "", content: " \n", thread: "") == "")
    }
}
