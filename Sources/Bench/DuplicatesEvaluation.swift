import WorkflowCore

/// Precision and recall of recorded candidates against the generated truth, per reason and
/// overall, counted over pairs (a later case, an earlier case).
struct DuplicatesEvaluation {
    let corpus: DuplicatesCorpus
    /// For each later case (corpus index): the earlier cases (corpus index) it named.
    let recorded: [Int: [(Int, DuplicateCandidate)]]

    func samePerson(_ a: Int, _ b: Int) -> Bool { corpus.cases[a].person == corpus.cases[b].person }
    func sameMatter(_ a: Int, _ b: Int) -> Bool { corpus.cases[a].matter == corpus.cases[b].matter }

    /// Same person and a shared kind of identifier given both times: what keyed matching can find.
    func reachable(_ a: Int, _ b: Int) -> Bool {
        let (x, y) = (corpus.cases[a].registration.petitioner, corpus.cases[b].registration.petitioner)
        return samePerson(a, b) && ((!x.idNumber.isEmpty && !y.idNumber.isEmpty) || (!x.phone.isEmpty && !y.phone.isEmpty))
    }

    struct Tally {
        var predicted = 0
        var correct = 0
        var truth = 0
        var found = 0

        var precision: Double { predicted == 0 ? 1 : Double(correct) / Double(predicted) }
        var recall: Double { truth == 0 ? 1 : Double(found) / Double(truth) }
    }

    func rows() -> [[String: String]] {
        var byPerson = [Int: [Int]](), byMatter = [Int: [Int]]()
        var identity = Tally(), reachableIdentity = Tally(), content = Tally(), overall = Tally()
        var casesWithTruth = 0, casesHit = 0
        var perKind: [String: (cases: Int, hit: Int)] = [:]
        for (later, generated) in corpus.cases.enumerated() {
            let named = recorded[later] ?? []
            let sameP = Set(byPerson[generated.person] ?? []), sameM = Set(byMatter[generated.matter] ?? [])
            let namedIdentity = Set(named.filter { $0.1.reasons.contains(DuplicateReason.samePetitioner) }.map(\.0))
            let namedContent = Set(named.filter { $0.1.reasons.contains(DuplicateReason.similarContent) }.map(\.0))
            let namedAny = Set(named.map(\.0))

            identity.predicted += namedIdentity.count
            identity.correct += namedIdentity.intersection(sameP).count
            identity.truth += sameP.count
            identity.found += namedIdentity.intersection(sameP).count
            let reachablePairs = sameP.filter { reachable($0, later) }
            reachableIdentity.truth += reachablePairs.count
            reachableIdentity.found += namedIdentity.intersection(reachablePairs).count

            content.predicted += namedContent.count
            content.correct += namedContent.intersection(sameM).count
            content.truth += sameM.count
            content.found += namedContent.intersection(sameM).count

            let related = sameP.union(sameM)
            overall.predicted += namedAny.count
            overall.correct += namedAny.intersection(related).count
            overall.truth += related.count
            overall.found += namedAny.intersection(related).count
            if !related.isEmpty {
                casesWithTruth += 1
                let hit = !namedAny.isDisjoint(with: related)
                if hit { casesHit += 1 }
                var tally = perKind[generated.kind] ?? (0, 0)
                tally.cases += 1
                tally.hit += hit ? 1 : 0
                perKind[generated.kind] = tally
            }
            byPerson[generated.person, default: []].append(later)
            byMatter[generated.matter, default: []].append(later)
        }
        func row(_ name: String, _ tally: Tally, _ note: String) -> [[String: String]] {
            [
                ["figure": "\(name) precision", "value": format(tally.precision, digits: 3), "detail": "\(tally.correct) of \(tally.predicted) named pairs are true"],
                ["figure": "\(name) recall", "value": format(tally.recall, digits: 3), "detail": "\(tally.found) of \(tally.truth) true pairs named\(note)"],
            ]
        }
        var rows = row("same_petitioner", identity, "")
        rows.append([
            "figure": "same_petitioner recall (reachable)", "value": format(reachableIdentity.recall, digits: 3),
            "detail": "\(reachableIdentity.found) of \(reachableIdentity.truth) pairs where both submissions gave the same kind of identifier",
        ])
        rows += row("similar_content", content, "")
        rows += row("overall", overall, " (either reason; at most \(DuplicatePolicy.maxCandidates) per case)")
        rows.append([
            "figure": "cases with a true earlier case that got one", "value": format(Double(casesHit) / Double(max(casesWithTruth, 1)), digits: 3),
            "detail": perKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.hit)/\($0.value.cases)" }.joined(separator: ", "),
        ])
        return rows
    }
}
