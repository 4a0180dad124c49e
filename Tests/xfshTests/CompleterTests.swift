import Testing
import WireProtocol

@testable import xfsh

struct CompleterTests {
    func state(open: Bool = false) -> SessionState {
        let state = SessionState()
        state.remember(["XF-2026-000123", "XF-2026-000124", "XF-2025-000001"])
        state.update {
            $0.orgs = [
                .with { $0.id = "root"; $0.name = "信访局" },
                .with { $0.id = "zhujianju"; $0.name = "住房和城乡建设局" },
            ]
            if open {
                $0.openCase = .with {
                    $0.summary.caseNumber = "XF-2026-000123"
                    $0.availableCommands = [
                        .with { $0.command = "forward"; $0.requiredFields = ["target_org"] },
                        .with { $0.command = "accept"; $0.requiredFields = ["notice"] },
                    ]
                }
            }
        }
        return state
    }

    @Test func caseNumbersCompleteByPrefixOrByTheirLastDigits() {
        let completer = Completer(state: state())
        #expect(completer.candidates("open XF-2026-00012") == ["XF-2026-000123", "XF-2026-000124"])
        #expect(completer.candidates("open xf-2025") == ["XF-2025-000001"])
        #expect(completer.candidates("show 124") == ["XF-2026-000124"])
        #expect(Completer.commonPrefix(["XF-2026-000123", "XF-2026-000124"]) == "XF-2026-00012")
    }

    @Test func commandsCompleteOutsideAndSlashCommandsInside() {
        #expect(Completer(state: state()).candidates("op") == ["open", "orgs"].filter { $0.hasPrefix("op") })
        let inside = Completer(state: state(open: true))
        #expect(inside.candidates("信访人") == [], "a note completes nothing")
        let slash = inside.candidates("/")
        #expect(slash.contains("/forward") && slash.contains("/transfer") && slash.contains("/accept") && slash.contains("/leave"))
        #expect(!slash.contains("/close"), "close is not valid in this state")
    }

    @Test func orgNamesCompleteForOrgArguments() {
        let inside = Completer(state: state(open: true))
        #expect(inside.candidates("/transfer 住建") == ["住房和城乡建设局"])
        #expect(Completer(state: state()).candidates("list --org 信") == ["信访局"])
        #expect(OrgMatch.find("住建局", in: state().read { $0.orgs ?? [] }) == .one(.with { $0.id = "zhujianju"; $0.name = "住房和城乡建设局" }))
    }
}
