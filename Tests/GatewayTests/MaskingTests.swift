import Testing
import WorkflowCore

@testable import Gateway

struct MaskingTests {
    @Test(arguments: [("王大顺", "王*顺"), ("李四", "李*"), ("欧阳建国", "欧**国"), ("张", "*"), ("", "")])
    func names(plain: String, masked: String) {
        #expect(Masking.name(plain) == masked)
    }

    @Test func identityNumbersKeepRegionAndLastFour() {
        #expect(Masking.idNumber("532301198501068156") == "532301********8156")
    }

    @Test func phonesKeepFirstThreeAndLastFour() {
        #expect(Masking.phone("13512342659") == "135****2659")
        #expect(Masking.phone("0871-6512345") == "087*****2345")
        #expect(Masking.phone("110") == "***")
    }

    @Test func addressesKeepTheRegionOnly() {
        #expect(Masking.address("云南省昆明市五华区某某路12号") == "云南省昆明市****")
        #expect(!Masking.address("云南省昆明市五华区某某路12号").contains("12号"))
    }
}

struct OrgHierarchyTests {
    let tree = OrgHierarchy([
        Org(id: "city", name: "市信访局", parentID: "", level: "city"),
        Org(id: "county-a", name: "A县", parentID: "city", level: "county"),
        Org(id: "a-housing", name: "A县住建局", parentID: "county-a", level: "department"),
        Org(id: "county-b", name: "B县", parentID: "city", level: "county"),
    ])

    @Test func subtreeHoldsTheOrgAndEverythingBelow() {
        #expect(Set(tree.subtree(of: "county-a")) == ["county-a", "a-housing"])
        #expect(Set(tree.subtree(of: "city")) == ["city", "county-a", "a-housing", "county-b"])
        #expect(tree.subtree(of: "county-b") == ["county-b"])
    }

    @Test func withinFollowsParents() {
        #expect(tree.isWithin("a-housing", ancestor: "county-a"))
        #expect(tree.isWithin("a-housing", ancestor: "city"))
        #expect(!tree.isWithin("county-b", ancestor: "county-a"))
        #expect(!tree.isWithin("county-a", ancestor: "a-housing"))
    }
}

struct ErrorMappingTests {
    @Test func invalidFieldCarriesFieldAndLimitInMetadata() {
        let error = ErrorMapping.rpcError(CaseRejection.invalidField(field: "submission.subject", problem: "too long", limit: "200 characters"))
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("submission.subject"))
        #expect(Array(error.metadata[stringValues: "xinfang-field"]) == ["submission.subject"])
        #expect(Array(error.metadata[stringValues: "xinfang-limit"]) == ["200 characters"])
    }

    @Test func commandNotAllowedIsFailedPreconditionNamingStateAndAllowed() {
        let error = ErrorMapping.rpcError(
            CaseRejection.commandNotAllowed(command: "close", state: "registered", stateLabel: "登记", allowed: ["accept", "forward"]))
        #expect(error.code == .failedPrecondition)
        #expect(error.message.contains("registered"))
        #expect(error.message.contains("accept, forward"))
    }

    @Test func storeConflictIsAborted() {
        #expect(ErrorMapping.rpcError(StoreError(.conflict, "x")).code == .aborted)
    }
}
