import Foundation
import Testing

@testable import WorkflowCore

/// Texts of the kind petitions are written in: a resubmission reworded, and unrelated matters.
enum DuplicateTexts {
    static let noise = (
        subject: "幸福里小区楼下烧烤店油烟噪音扰民",
        content: """
            我是朝阳区幸福里小区3号楼的居民。楼下的老王烧烤店每天营业到凌晨两点，油烟直接排进楼道，\
            食客喧哗声很大，严重影响居民休息。我们多次找店主协商未果，希望有关部门尽快处理。
            """)
    /// The same matter, submitted again with edited wording.
    static let noiseReworded = (
        subject: "再次反映幸福里小区烧烤店油烟噪音扰民",
        content: """
            本人住在朝阳区幸福里小区3号楼。楼下老王烧烤店每天营业到凌晨两点多，油烟直接排进楼道，\
            食客喧哗声很大，严重影响居民正常休息。多次找店主协商都没有结果，上个月已经反映过一次，\
            至今没有解决，请有关部门尽快处理。
            """)
    static let wages = (
        subject: "建筑公司拖欠农民工工资",
        content: """
            我们二十多名工人在宏达建筑公司承建的滨江花园工地干活，去年十月完工后公司以资金周转困难为由\
            一直拖欠工资共计三十八万元，至今分文未付，恳请劳动监察部门帮助追讨。
            """)
    static let road = (
        subject: "长青路路面塌陷无人修复",
        content: "长青路与建设街交叉口东侧路面塌陷形成大坑已有两个月，夜间多次有电动车摔倒，请市政部门尽快修复并设置警示标志。"
    )
}

struct ContentSignatureTests {
    @Test func aRewordedResubmissionIsSimilarAndSharesABand() {
        let first = ContentSignature(subject: DuplicateTexts.noise.subject, content: DuplicateTexts.noise.content)
        let again = ContentSignature(subject: DuplicateTexts.noiseReworded.subject, content: DuplicateTexts.noiseReworded.content)
        #expect(again.similarity(toStored: first.stored) >= DuplicatePolicy.similarContentThreshold)
        #expect(!Set(first.bands()).isDisjoint(with: again.bands()))
    }

    @Test func unrelatedMattersAreNotSimilarAndShareNoBand() {
        let texts = [DuplicateTexts.noise, DuplicateTexts.wages, DuplicateTexts.road]
        let signatures = texts.map { ContentSignature(subject: $0.subject, content: $0.content) }
        for (i, a) in signatures.enumerated() {
            for b in signatures[(i + 1)...] {
                #expect(a.similarity(toStored: b.stored) < DuplicatePolicy.similarContentThreshold / 2)
                #expect(Set(a.bands()).isDisjoint(with: b.bands()))
            }
        }
    }

    @Test func identicalTextIsFullySimilarAndPunctuationDoesNotMatter() {
        let a = ContentSignature(subject: "路灯不亮", content: "长青路的路灯已经坏了一个月，晚上一片漆黑。")
        let b = ContentSignature(subject: "路灯不亮！", content: "长青路的路灯 已经坏了一个月 晚上一片漆黑")
        #expect(a == b)
        #expect(a.similarity(toStored: b.stored) == 1)
        #expect(a.bands() == b.bands())
        #expect(a.bands().count == ContentScheme.standard.bands)
    }

    @Test func theSignatureIsTheSameInEveryProcess() {
        // Pinned: the index outlives the process; a hash seeded per run would break it.
        let signature = ContentSignature(subject: "路灯不亮", content: "长青路的路灯已经坏了一个月")
        #expect(signature.minima.prefix(4).map { $0 } == Self.pinnedMinima)
    }

    static let pinnedMinima: [UInt32] = [1401676038, 48088580, 544218636, 40229767]

    @Test func emptyOrTinyTextHasNoBandsAndNoSimilarity() {
        let empty = ContentSignature(subject: "", content: "。。。")
        #expect(empty.minima.isEmpty)
        #expect(empty.bands().isEmpty)
        #expect(empty.similarity(toStored: empty.stored) == 0)
        let tiny = ContentSignature(subject: "噪音", content: "扰民")
        #expect(tiny.bands().isEmpty, "too few shingles to tell matters apart")
    }
}
