import BroadsheetCore
import BroadsheetStore

/// `/papers/{paper}`: the paper's editions on a calendar (往期), one year at a time (the latest
/// unless `?year=` names another), with every year the paper has editions in as a link: a
/// paper of seventy years on one page was 2 MB of HTML and most of a second to render.
enum PaperController {
    struct Day { var day: String; var url: String?; var label: String }
    struct Week { var days: [Day] }
    struct Month { var month: Int; var count: Int; var weeks: [Week] }
    struct Year { var year: Int; var months: [Month] }
    struct Latest { var url: String; var chinese: String }
    struct YearLink { var year: Int; var count: Int; var url: String?; var current: Bool }

    struct View {
        var chrome: Chrome
        var name: String
        var editionCount: Int
        var range: String
        var latest: Latest?
        var feed: String
        /// Every year with editions, latest first; more than one: the year links are shown.
        var yearLinks: [YearLink]
        var manyYears: Bool
        var years: [Year]
    }

    static func view(_ site: Site, slug: String, year requested: String? = nil) async throws -> View {
        let paper = try await site.paper(slug: slug)
        let editions = try await site.store.editions(paper: paper.paper.slug)
        let feed = SiteURL.paperFeed(slug: slug).path
        var perYear: [Int: Int] = [:]
        for e in editions { perYear[e.date.year, default: 0] += 1 }
        let shown: Int?
        if let requested {
            guard let y = Int(requested), perYear[y] != nil else {
                throw WebError.notFound("\(paper.paper.name)在“\(requested)”年没有报纸。")
            }
            shown = y
        } else {
            shown = editions.first?.date.year
        }
        let links = perYear.keys.sorted(by: >).map { y in
            YearLink(year: y, count: perYear[y]!, url: y == shown ? nil : SiteURL.paperYear(slug: slug, year: y).path, current: y == shown)
        }
        return View(
            chrome: site.chrome(title: "\(paper.paper.name) · 往期" + (requested == nil ? "" : " · \(requested!)年"),
                                feeds: [.init(title: "\(paper.paper.name) Atom", url: feed)]),
            name: paper.paper.name, editionCount: editions.count, range: HomeController.dateRange(paper.firstDate, paper.lastDate),
            latest: editions.first.map { .init(url: SiteURL.edition(slug: slug, date: $0.date).path, chinese: $0.date.chinese) },
            feed: feed, yearLinks: links, manyYears: links.count > 1,
            years: calendar(slug: slug, dates: editions.lazy.map(\.date).filter { $0.year == shown }))
    }

    /// Years and months latest first; within a month, a Sunday-first grid as printed calendars are.
    static func calendar(slug: String, dates: some Sequence<IssueDate>) -> [Year] {
        let byMonth = Dictionary(grouping: dates) { $0.year * 100 + $0.month }
        let byYear = Dictionary(grouping: byMonth.keys) { $0 / 100 }
        return byYear.keys.sorted(by: >).map { year in
            Year(year: year, months: byYear[year]!.sorted(by: >).map { key in
                let month = key % 100
                let present = Set(byMonth[key]!.map(\.day))
                let first = IssueDate(year: year, month: month, day: 1)!
                var cells = Array(repeating: Day(day: "", url: nil, label: ""), count: first.weekday)
                for day in 1...IssueDate.daysIn(month: month, year: year) {
                    let date = IssueDate(year: year, month: month, day: day)!
                    cells.append(Day(day: String(day), url: present.contains(day) ? SiteURL.edition(slug: slug, date: date).path : nil,
                                     label: date.chinese))
                }
                while cells.count % 7 != 0 { cells.append(Day(day: "", url: nil, label: "")) }
                let weeks = stride(from: 0, to: cells.count, by: 7).map { Week(days: Array(cells[$0..<$0 + 7])) }
                return Month(month: month, count: present.count, weeks: weeks)
            })
        }
    }
}
