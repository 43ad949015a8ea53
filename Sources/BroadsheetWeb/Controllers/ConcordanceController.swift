import BroadsheetCore
import BroadsheetSearch
import Foundation
import Hummingbird

/// `/kwic`: every occurrence of a query with its context, aligned on the keyword, sortable,
/// paged, with a CSV download of all of them.
enum ConcordanceController {
    static let pageSize = 100

    struct Form {
        var q = ""
        var width = 20
        var sort = Concordance.Sort.date
        var page = 1

        init(_ parameters: Parameters) throws {
            q = (parameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
            if let w = parameters.get("width"), !w.isEmpty {
                guard let n = Int(w), (1...100).contains(n) else { throw WebError.badRequest("上下文字数应在 1 到 100 之间：\(w)") }
                width = n
            }
            if let s = parameters.get("sort"), !s.isEmpty {
                guard let sort = Concordance.Sort(rawValue: s) else { throw WebError.badRequest("排序只能是 left、right 或 date：\(s)") }
                self.sort = sort
            }
            if let p = parameters.get("p"), !p.isEmpty {
                guard let n = Int(p), n >= 1 else { throw WebError.badRequest("页码应是正整数：\(p)") }
                page = n
            }
        }

        func path(_ base: String = "/kwic", sort: Concordance.Sort? = nil, page: Int? = nil) -> String {
            var s = base + "?q=" + SiteURL.segment(q) + "&width=\(width)&sort=" + (sort ?? self.sort).rawValue
            if let page, page > 1 { s += "&p=\(page)" }
            return s
        }
    }

    struct Row { var left: String; var keyword: String; var right: String; var url: String; var date: String; var headline: String }
    struct Option { var label: String; var url: String; var current: Bool }
    struct View {
        var chrome: Chrome
        var q: String
        var width: Int
        var searched: Bool
        /// `共 N 处，M 篇文章` when every occurrence was counted, else the articles alone.
        var total: String
        var range: String
        /// Said when a left or right sort covers only the newest articles.
        var note: String?
        var sorts: [Option]
        var rows: [Row]
        var previous: String?
        var next: String?
        var csvURL: String
    }

    static func request(_ form: Form) throws -> SearchRequest? {
        guard !form.q.isEmpty else { return nil }
        do {
            return try SearchRequest(parsing: form.q)
        } catch let error as SearchQueryError {
            throw WebError.badRequest("检索式有误：\(error.chinese)", hint: "检索语法见检索页下方的说明。")
        }
    }

    /// Every occurrence, for the CSV download.
    static func concordance(_ site: Site, _ form: Form) async throws -> Concordance? {
        guard let request = try request(form) else { return nil }
        return try await Concordance.compute(site.store, request, width: form.width, sort: form.sort)
    }

    static func page(_ site: Site, parameters: Parameters) async throws -> Response {
        let form = try Form(parameters)
        var kwic: Concordance.Page?
        if let request = try request(form) {
            kwic = try await Concordance.page(site.store, request, width: form.width, sort: form.sort, page: form.page, pageSize: pageSize)
        }
        let shown = kwic?.lines ?? []
        let start = kwic?.start ?? 0
        var total = ""
        if let kwic {
            total = kwic.occurrences.map { "共 \($0) 处，\(kwic.articles) 篇文章" } ?? "\(kwic.articles) 篇文章"
        }
        let sortName = form.sort == .left ? "左侧" : "右侧"
        let view = View(
            chrome: site.chrome(title: form.q.isEmpty ? "上下文索引" : "\(form.q) · 上下文索引"),
            q: form.q, width: form.width, searched: kwic != nil, total: total,
            range: shown.isEmpty ? "" : "第 \(start + 1)–\(start + shown.count) 处",
            note: kwic?.sortedArticles.map { "文章太多，按\(sortName)排序只排了最新的 \($0) 篇；按日期可翻阅全部。" },
            sorts: Concordance.Sort.allCases.map { s in
                Option(label: s == .left ? "按左侧" : s == .right ? "按右侧" : "按日期", url: form.path(sort: s), current: s == form.sort)
            },
            rows: shown.map { l in
                Row(left: l.left, keyword: l.keyword, right: l.right, url: SiteURL.article(id: l.id).path, date: l.date.description, headline: l.headline)
            },
            previous: form.page > 1 && start > 0 ? form.path(page: form.page - 1) : nil,
            next: kwic?.hasMore == true ? form.path(page: form.page + 1) : nil,
            csvURL: form.path("/kwic.csv"))
        return site.html("kwic", view)
    }

    static func csv(_ site: Site, parameters: Parameters) async throws -> Response {
        guard let kwic = try await concordance(site, try Form(parameters)) else { throw WebError.badRequest("缺少检索式 q。") }
        return Site.csvAttachment(kwic.csv, filename: "kwic.csv")
    }
}
