import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Testing

/// Tokens, the audit log and withdrawals: what a newsroom publishing into a running site
/// relies on.
@Suite("Contract: publishing")
struct PublishingContract {
    static func article(_ id: String, _ date: String, _ headline: String, _ body: String, page: Int = 1) -> Article {
        Article(
            id: id, paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate(date)!, headline: headline,
            blocks: [.paragraph(body)], placements: [Placement(page: PageRef(number: page), order: 1, blockStart: 0, blockEnd: 1)])
    }

    static let articles = [
        article("a1", "2019-10-08", "国庆假期消费旺", "本报北京10月7日电  （记者王昊男）国庆假期，消费火热。"),
        article("a2", "2019-10-08", "另一篇报道", "消费市场平稳。", page: 2),
    ]

    @Test("tokens are kept as digests, looked up only while valid, and names are never reused", arguments: Backend.all)
    func tokens(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        let token = AccessToken.generate()
        #expect(token.hasPrefix("bst_") && token.count > 40)
        #expect(AccessToken.generate() != token)
        try await store.createToken(name: "夜班", digest: AccessToken.digest(token), actor: "cli:test")
        #expect(try await store.tokenName(digest: AccessToken.digest(token)) == "夜班")
        #expect(try await store.tokenName(digest: AccessToken.digest(token + "x")) == nil)
        await #expect(throws: StoreError.self) { try await store.createToken(name: "夜班", digest: "other", actor: "cli:test") }
        #expect(try await store.tokens().map(\.name) == ["夜班"])
        #expect(try await store.revokeToken(name: "夜班", actor: "cli:test"))
        #expect(try await store.revokeToken(name: "夜班", actor: "cli:test") == false)
        #expect(try await store.tokenName(digest: AccessToken.digest(token)) == nil)
        #expect(try await store.tokens().first?.revoked != nil)
        let log = try await store.auditLog(limit: 10)
        #expect(log.map(\.action) == ["token-revoke", "token-create"])
        #expect(log.allSatisfy { $0.actor == "cli:test" && $0.subject == "夜班" })
    }

    @Test("a withdrawn article leaves search, listings and counts, keeps its text, and comes back whole", arguments: Backend.all)
    func withdrawAndRestore(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: Self.articles, actor: "token:夜班", progress: nil)
        let before = try await store.revision()

        let w = try #require(try await store.withdraw(id: "a1", reason: "侵权", actor: "token:夜班"))
        #expect(w.reason == "侵权" && w.id == "a1")
        #expect(try await store.revision() > before)
        #expect(try await store.withdrawal(id: "a1")?.reason == "侵权")
        #expect(try await store.withdraw(id: "nope", reason: "x", actor: "cli:test") == nil)
        // Out of search: by text, by one character, by filters alone, by byline.
        #expect(try await store.ids("消费") == ["a2"])
        #expect(try await store.ids("旺") == [])
        #expect(try await store.ids("date:2019-10-08") == ["a2"])
        #expect(try await store.ids("byline:王昊男") == [])
        #expect(try await store.search(SearchRequest(parsing: "消费")).total == 1)
        // Out of the edition and the counts; still stored whole and exported.
        let edition = try #require(try await store.edition(paper: "rmrb", date: IssueDate("2019-10-08")!))
        #expect(edition.pages.flatMap(\.articles).map(\.id) == ["a2"])
        #expect(try await store.papers().first?.articles == 1)
        #expect(try await store.article(id: "a1")?.headline == "国庆假期消费旺")
        #expect(try await store.exportArticles().collect().map(\.id).sorted() == ["a1", "a2"])

        // Stitching the edition again (a later import) keeps it withdrawn.
        _ = try await store.importContent(records: [], articles: [Self.article("a3", "2019-10-08", "第三篇", "又一篇。", page: 3)])
        #expect(try await store.ids("消费") == ["a2"])
        #expect(try await store.withdrawal(id: "a1") != nil)

        #expect(try await store.restore(id: "a1", actor: "token:夜班"))
        #expect(try await store.restore(id: "a1", actor: "token:夜班") == false)
        #expect(try await store.ids("消费") == ["a1", "a2"])
        #expect(try await store.ids("byline:王昊男") == ["a1"])
        #expect(try await store.search(SearchRequest(parsing: "消费")).total == 2)
        let log = try await store.auditLog(limit: 10)
        #expect(log.map(\.action) == ["restore", "import", "withdraw", "import"])
        #expect(log[2].subject == "a1" && log[2].detail == "侵权" && log[2].actor == "token:夜班")
        #expect(log[3].actor == "token:夜班" && log[3].subject == "rmrb 2019-10-08")
    }
}

extension PublishingContract {
    @Test("a correction keeps the earlier text as a version, with when and who; an unchanged re-import keeps none", arguments: Backend.all)
    func corrections(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: Self.articles, actor: "token:夜班", progress: nil)
        _ = try await store.importContent(records: [], articles: Self.articles, actor: "token:夜班", progress: nil)
        #expect(try await store.versions(of: "a1").isEmpty)

        var corrected = Self.articles[0]
        corrected.blocks = [.paragraph("本报北京10月7日电  （记者王昊男）国庆假期，消费火热，收入超6000亿元。")]
        _ = try await store.importContent(records: [], articles: [corrected], actor: "token:校对", progress: nil)
        let versions = try await store.versions(of: "a1")
        #expect(versions.count == 1)
        #expect(versions.first?.seq == 0 && versions.first?.actor == "token:校对")
        #expect(try await store.version(of: "a1", seq: 0)?.bodyText == Self.articles[0].bodyText)
        #expect(try await store.article(id: "a1")?.bodyText == corrected.bodyText)
        #expect(try await store.versions(of: "a2").isEmpty)
        #expect(try await store.version(of: "a1", seq: 1) == nil)
        #expect(try await store.ids("6000亿元") == ["a1"])
    }
}

extension PublishingContract {
    @Test("an embargoed edition is hidden from readers until its time, then appears without a write", arguments: Backend.all)
    func embargo(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        #expect(PublishTime.parse("2019-11-25T00:00+08:00") == "2019-11-24T16:00:00Z")
        #expect(PublishTime.parse("2019-11-25T00:00") == nil)
        #expect(PublishTime.parse("tomorrow") == nil)
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        _ = try await store.importContent(records: [], articles: [Self.articles[1]], actor: "cli:test", publishAt: nil, progress: nil)
        // An edition held back for a year, and one for a few seconds.
        _ = try await store.importContent(records: [], articles: [Self.article("later", "2019-10-10", "明年见报", "长期禁发的稿件。")],
                                          actor: "token:夜班", publishAt: f.string(from: Date().addingTimeInterval(365 * 86400)), progress: nil)
        // A minute: on a loaded machine the checks below have taken more than twenty seconds.
        let soon = Date().addingTimeInterval(60)
        _ = try await store.importContent(records: [], articles: [Self.article("e1", "2019-10-09", "明日见报", "禁发期内的稿件。")],
                                          actor: "token:夜班", publishAt: f.string(from: soon), progress: nil)
        let before = try await store.revision()
        for (id, date, term) in [("later", "2019-10-10", "长期禁发"), ("e1", "2019-10-09", "禁发期内")] {
            #expect(try await store.edition(paper: "rmrb", date: IssueDate(date)!) == nil)
            #expect(try await store.article(id: id) == nil)
            #expect(try await store.ids(term) == [])
            #expect(try await store.search(SearchRequest(parsing: term)).total == 0)
        }
        #expect(try await store.editions(paper: "rmrb").map(\.date.description) == ["2019-10-08"])
        #expect(try await store.papers().first?.articles == 1)
        // A token holder's preview reads what the embargo hides, and only that.
        let preview = try #require(try await store.embargoedEdition(paper: "rmrb", date: IssueDate("2019-10-10")!))
        #expect(preview.content.pages.flatMap(\.articles).map(\.id) == ["later"])
        #expect(preview.publishAt.hasSuffix("Z"))
        #expect(try await store.embargoedArticle(id: "later")?.content.headline == "明年见报")
        #expect(try await store.embargoedArticle(id: "a2") == nil)
        #expect(try await store.embargoedEdition(paper: "rmrb", date: IssueDate("2019-10-08")!) == nil)
        #expect(try await store.exportArticles().collect().map(\.id).sorted() == ["a2", "e1", "later"])  // kept, and exported
        #expect(Date() < soon, "the checks above ran before the embargo ended")

        try await Task.sleep(for: .milliseconds(Int((soon.timeIntervalSinceNow + 1.2) * 1000)))
        #expect(try await store.revision() > before)
        #expect(try await store.edition(paper: "rmrb", date: IssueDate("2019-10-09")!) != nil)
        #expect(try await store.article(id: "e1")?.headline == "明日见报")
        #expect(try await store.ids("禁发") == ["e1"])
        #expect(try await store.editions(paper: "rmrb").map(\.date.description) == ["2019-10-09", "2019-10-08"])
        #expect(try await store.article(id: "later") == nil)
    }
}

extension PublishingContract {
    /// `publish_at` is documented as an RFC 3339 date-time; every form of one is taken.
    @Test("publish times: any RFC 3339 date-time, seconds optional, stored in UTC to the second", arguments: [
        ("2019-11-25T00:00+08:00", "2019-11-24T16:00:00Z"),
        ("2019-11-25T00:00:00Z", "2019-11-25T00:00:00Z"),
        ("2019-11-25t00:00:00z", "2019-11-25T00:00:00Z"),
        ("2019-11-25T00:00:00.123456+08:00", "2019-11-24T16:00:00Z"),
        ("2019-11-25T00:00:59.9-01:30", "2019-11-25T01:30:59Z"),
    ])
    func publishTimes(text: String, stored: String) {
        #expect(PublishTime.parse(text) == stored)
    }

    @Test("publish times without an offset, or not times, are refused", arguments: [
        "2019-11-25T00:00", "2019-11-25", "tomorrow", "2019-13-01T00:00Z", "",
    ])
    func notPublishTimes(text: String) {
        #expect(PublishTime.parse(text) == nil)
    }
}
