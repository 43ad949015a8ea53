import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Testing

/// Related articles: the follow-up on the same story ranks first; the article itself and its
/// copies never appear; unrelated articles sharing no distinctive term do not appear.
@Suite("Contract: related articles")
struct RelatedContract {
    static func article(_ id: String, _ date: String, _ headline: String, _ body: String) -> Article {
        Article(
            id: id, paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate(date)!, headline: headline,
            blocks: [.paragraph(body)], placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1)])
    }

    /// Filler on many subjects, so that document frequencies mean something.
    static let filler: [Article] = (1...60).map { i in
        let topics = ["农业生产", "教育改革", "体育比赛", "文化遗产", "科技创新", "生态保护", "医疗卫生", "城市交通", "对外贸易", "住房保障"]
        let t = topics[i % topics.count], u = topics[(i * 7 + 3) % topics.count]
        return article("f\(i)", "2019-10-\(String(format: "%02d", i % 28 + 1))", "\(t)一则（\(i)）",
                       "今年以来，\(t)取得新进展，\(u)也有新变化。第\(i)期报道说，各地推进工作。")
    }

    static let story = article("quake", "2019-10-05", "青海玛多发生地震 救援力量迅速集结",
        "青海玛多县发生地震，震中位于玛多县城附近。救援队伍连夜赶赴灾区，帐篷、棉被等物资陆续运抵玛多。")
    static let followUp = article("quake2", "2019-10-08", "玛多地震灾区群众生活有序恢复",
        "地震发生三天后，玛多县城的帐篷学校开课，救援物资充足，灾区群众生活逐步恢复。")
    static let copy = article("quake-copy", "2019-10-05", "青海玛多发生地震 救援力量迅速集结",
        "青海玛多县发生地震，震中位于玛多县城附近。救援队伍连夜赶赴灾区，帐篷、棉被等物资陆续运抵玛多。")

    @Test("the follow-up is found; the article and its copy are not", arguments: Backend.all)
    func followUp(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: Self.filler + [Self.story, Self.followUp, Self.copy])
        let related = try await store.related(to: "quake", limit: 5)
        #expect(related.first?.id == "quake2")
        #expect(!related.contains { $0.id == "quake" || $0.id == "quake-copy" })
        #expect(related.count <= 5)
        #expect(zip(related, related.dropFirst()).allSatisfy { $0.score >= $1.score })
        // A filler article shares nothing distinctive with the earthquake.
        #expect(!related.contains { $0.id.hasPrefix("f") })
        #expect(try await store.related(to: "no-such-article", limit: 5).isEmpty)
        #expect(try await store.related(to: "quake", limit: 0).isEmpty)
    }
}
