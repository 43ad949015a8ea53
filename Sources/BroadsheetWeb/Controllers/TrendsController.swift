import BroadsheetCore
import BroadsheetSearch
import Foundation
import Hummingbird

/// `/trends`: how often up to six queries occur per month or year, drawn on the server as an
/// SVG chart (readable without JavaScript), with the table below and CSV/JSON downloads; each
/// point opens the search for its period.
enum TrendsController {
    struct Form {
        var q = ""
        var interval = Trends.Interval.month
        /// `share`: per 1,000 articles of the period; `count`: raw counts.
        var measure = "share"

        init(_ parameters: Parameters) throws {
            q = (parameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
            if let i = parameters.get("interval"), !i.isEmpty {
                guard let interval = Trends.Interval(rawValue: i) else {
                    throw WebError.badRequest("时间单位只能是 month（月）或 year（年）：\(i)")
                }
                self.interval = interval
            }
            if let m = parameters.get("measure"), m == "count" { measure = "count" }
        }

        func path(_ base: String, interval: Trends.Interval? = nil, measure: String? = nil) -> String {
            base + "?q=" + SiteURL.segment(q) + "&interval=" + (interval ?? self.interval).rawValue
                + ((measure ?? self.measure) == "count" ? "&measure=count" : "")
        }
    }

    struct Row { var period: String; var articles: Int; var cells: [Cell] }
    struct Cell { var count: Int; var share: String; var url: String }
    struct Legend { var query: String; var color: String; var total: Int }
    struct Option { var label: String; var url: String; var current: Bool }

    struct View {
        var chrome: Chrome
        var q: String
        var searched: Bool
        var intervals: [Option]
        var measures: [Option]
        var svg: String?
        var legend: [Legend]
        var queries: [String]
        var rows: [Row]
        var csvURL: String
        var jsonURL: String
    }

    static let colors = ["#a4161a", "#1d4ed8", "#047857", "#b45309", "#6d28d9", "#0e7490"]

    static func trends(_ site: Site, _ form: Form) async throws -> Trends? {
        let queries = Trends.queries(form.q)
        guard !queries.isEmpty else { return nil }
        guard queries.count <= Trends.maxQueries else {
            throw WebError.badRequest("最多同时比较 \(Trends.maxQueries) 个检索式。", hint: "用逗号分隔，例如 改革开放，脱贫攻坚。")
        }
        do {
            return try await Trends.compute(site.store, queries: queries, interval: form.interval)
        } catch let error as SearchQueryError {
            throw WebError.badRequest("检索式有误：\(error.chinese)", hint: "检索语法见检索页下方的说明。")
        }
    }

    static func page(_ site: Site, parameters: Parameters) async throws -> Response {
        let form = try Form(parameters)
        let trends = try await trends(site, form)
        let searchURL = { (query: String, period: String) -> String in
            let r = Trends.range(of: period)
            return SiteURL.search(SearchForm(q: query, from: r.from, to: r.to)).path
        }
        // One search link per query and period, shared by the chart's point and the table's cell.
        let urls: [[String]] = trends.map { t in t.series.map { s in t.periods.map { searchURL(s.query, $0) } } } ?? []
        var rows: [Row] = []
        if let t = trends {
            rows = t.periods.enumerated().map { i, p in
                Row(period: p, articles: t.articles[i], cells: t.series.enumerated().map { k, s in
                    Cell(count: s.counts[i], share: s.perThousand[i].fixed(digits: 2), url: urls[k][i])
                })
            }
        }
        let view = View(
            chrome: site.chrome(title: form.q.isEmpty ? "词频趋势" : "\(form.q) · 词频趋势"),
            q: form.q, searched: trends != nil,
            intervals: Trends.Interval.allCases.map { Option(label: $0 == .month ? "按月" : "按年", url: form.path("/trends", interval: $0), current: $0 == form.interval) },
            measures: [Option(label: "每千篇", url: form.path("/trends", measure: "share"), current: form.measure == "share"),
                       Option(label: "篇数", url: form.path("/trends", measure: "count"), current: form.measure == "count")],
            svg: trends.map { chart($0, measure: form.measure, url: { urls[$0][$1] }) },
            legend: (trends?.series ?? []).enumerated().map { Legend(query: $1.query, color: colors[$0 % colors.count], total: $1.total) },
            queries: trends?.series.map(\.query) ?? [],
            rows: rows, csvURL: form.path("/trends.csv"), jsonURL: form.path("/api/v1/trends"))
        return site.html("trends", view)
    }

    static func csv(_ site: Site, parameters: Parameters) async throws -> Response {
        guard let t = try await trends(site, try Form(parameters)) else { throw WebError.badRequest("缺少检索式 q。") }
        return Site.csvAttachment(t.csv, filename: "trends.csv")
    }

    static func api(_ site: Site, parameters: Parameters) async throws -> Response {
        guard let t = try await trends(site, try Form(parameters)) else { throw WebError.badRequest("缺少检索式 q。") }
        return Site.response(json(t), contentType: "application/json; charset=utf-8")
    }

    /// `t` as the API's encoder writes it, written by hand: thousands of numbers a month-by-month
    /// answer, which took `JSONEncoder` longer than counting them. A test holds the two equal.
    static func json(_ t: Trends) -> String {
        var o = JSONText()
        o.open()
        o.key("articles"); o.ints(t.articles)
        o.key("interval"); o.string(t.interval.rawValue)
        o.key("periods"); o.strings(t.periods)
        o.key("series"); o.array(t.series) { o, s in
            o.open()
            o.key("counts"); o.ints(s.counts)
            o.key("perThousand"); o.numbers(s.perThousand)
            o.key("query"); o.string(s.query)
            o.key("total"); o.raw(String(s.total))
            o.close()
        }
        o.close()
        return o.text
    }

    /// The chart: one line per query over the periods, a point per period linking to its search
    /// (`url(query index, period index)`).
    static func chart(_ t: Trends, measure: String, url: (Int, Int) -> String) -> String {
        let width = 720.0, height = 280.0, left = 48.0, bottom = 36.0, top = 12.0, right = 12.0
        let values: [[Double]] = t.series.map { s in measure == "count" ? s.counts.map(Double.init) : s.perThousand }
        let maximum = max(values.flatMap { $0 }.max() ?? 0, measure == "count" ? 1 : 0.01)
        let n = max(t.periods.count, 1)
        func x(_ i: Int) -> Double { left + (n == 1 ? 0.5 : Double(i) / Double(n - 1)) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (1 - v / maximum) * (height - top - bottom) }
        func f(_ v: Double) -> String { v.fixed(digits: 1) }
        let e = HTMLEscaping.escape
        var svg = "<svg class=\"trend-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"词频趋势图\" xmlns=\"http://www.w3.org/2000/svg\">"
        // Axes, with the top value and the first and last period.
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(0)))\" stroke=\"#999\"/>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(y(0)))\" stroke=\"#999\"/>"
        svg += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 4))\" text-anchor=\"end\" font-size=\"11\">\(measure == "count" ? String(Int(maximum)) : f(maximum))</text>"
        svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(0)))\" text-anchor=\"end\" font-size=\"11\">0</text>"
        if let first = t.periods.first, let last = t.periods.last {
            svg += "<text x=\"\(f(x(0)))\" y=\"\(f(height - 12))\" font-size=\"11\">\(e(first))</text>"
            if n > 1 {
                svg += "<text x=\"\(f(x(n - 1)))\" y=\"\(f(height - 12))\" text-anchor=\"end\" font-size=\"11\">\(e(last))</text>"
            }
        }
        for (k, s) in t.series.enumerated() {
            let color = colors[k % colors.count]
            let points = values[k].enumerated().map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>"
            for (i, v) in values[k].enumerated() {
                let label = "\(s.query) \(t.periods[i])：\(s.counts[i]) 篇，每千篇 \(s.perThousand[i].fixed(digits: 2))"
                svg += "<a href=\"\(e(url(k, i)))\"><circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"4\" fill=\"\(color)\"><title>\(e(label))</title></circle></a>"
            }
        }
        return svg + "</svg>"
    }
}
