import Testing

@testable import xfsh

struct FieldMapperTests {
    let org = FieldSpec(name: "target_org", label: "有权处理的机关单位", isOrg: true)
    let decision = FieldSpec(name: "decision", label: "处理意见", choices: ["support", "explain", "reject"])
    let reply = FieldSpec(name: "reply", label: "答复内容")
    let notice = FieldSpec(name: "notice", label: "告知")
    let routeTo = FieldSpec(name: "route_to", label: "机关")

    @Test func theLastFreeTextFieldTakesTheRestOfTheLine() {
        let mapping = FieldMapper.map(["已受理，", "将于60日内", "办结"], required: [notice])
        #expect(mapping.fields == ["notice": "已受理， 将于60日内 办结"])
        #expect(mapping.missing.isEmpty && mapping.leftover.isEmpty)
    }

    @Test func anOrgTakesOneWordAndTheRestIsLeftOver() {
        let mapping = FieldMapper.map(["住建局", "请", "依法处理"], required: [org])
        #expect(mapping.fields == ["target_org": "住建局"])
        #expect(mapping.leftover == "请 依法处理")
    }

    @Test func aChoiceTakesAWordOnlyWhenItIsOneOfTheChoices() {
        let given = FieldMapper.map(["support", "经核实", "属实"], required: [decision, reply])
        #expect(given.fields == ["decision": "support", "reply": "经核实 属实"])
        let notGiven = FieldMapper.map(["经核实属实"], required: [decision, reply])
        #expect(notGiven.fields == ["reply": "经核实属实"])
        #expect(notGiven.missing == [decision])
    }

    @Test func namedValuesFillTheirFieldsAndPositionalWordsTheRest() {
        let mapping = FieldMapper.map(["reply=已答复", "explain"], required: [decision, reply])
        #expect(mapping.fields == ["decision": "explain", "reply": "已答复"])
        #expect(mapping.missing.isEmpty)
    }

    @Test func earlierTextFieldsTakeOneWordWhenALaterOneTakesTheRest() {
        let mapping = FieldMapper.map(["市法院", "请依法", "起诉"], required: [routeTo, notice])
        #expect(mapping.fields == ["route_to": "市法院", "notice": "请依法 起诉"])
    }

    @Test func missingFieldsAreListedInOrder() {
        #expect(FieldMapper.map([], required: [decision, reply]).missing == [decision, reply])
    }

    @Test func onlyLowercaseIdentifiersCountAsFieldNames() {
        #expect(FieldMapper.isFieldName("target_org"))
        #expect(!FieldMapper.isFieldName("Target"))
        #expect(!FieldMapper.isFieldName("理由"))
        #expect(FieldMapper.map(["a+b=c"], required: [notice]).fields == ["notice": "a+b=c"])
    }

    @Test func commonNamesResolveToTheCommandTheCaseAllowsNow() {
        let available = ["accept", "forward", "classify"].map { name in
            Xinfang_V1_CommandInfo.with { $0.command = name }
        }
        #expect(WorkflowCommand.resolve("transfer", in: available)?.command == "forward")
        #expect(WorkflowCommand.resolve("accept", in: available)?.command == "accept")
        #expect(WorkflowCommand.resolve("close", in: available) == nil)
        let hotline = [Xinfang_V1_CommandInfo.with { $0.command = "sign" }]
        #expect(WorkflowCommand.resolve("accept", in: hotline)?.command == "sign")
    }
}

import WireProtocol
