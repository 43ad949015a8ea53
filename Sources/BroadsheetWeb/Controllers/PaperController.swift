import BroadsheetCore
import BroadsheetStore

/// `/papers/{paper}`: the paper's editions on a calendar by year and month (往期), latest first.
enum PaperController {
    struct Day { var day: String; var url: String?; var label: String }
    struct Week { var days: [Day] }
    struct Month { var month: Int; var count: Int; var weeks: [Week] }
    struct Year { var year: Int; var months: [Month] }
    struct Latest { var url: String; var chinese: String }

    struct View {
        var chrome: Chrome
        var name: String
        var editionCount: Int
        var range: String
        var latest: Latest?
        var feed: String
        var years: [Year]
    }

    static func view(_ site: Site, slug: String) async throws -> View {
        let paper = try await site.paper(slug: slug)
        let editions = try await site.store.editions(paper: paper.paper.slug)
        let feed = SiteURL.paperFeed(slug: slug).path
        return View(
            chrome: site.chrome(title: "\(paper.paper.name) · 往期", feeds: [.init(title: "\(paper.paper.name) Atom", url: feed)]),
            name: paper.paper.name, editionCount: editions.count, range: HomeController.dateRange(paper.firstDate, paper.lastDate),
            latest: editions.first.map { .init(url: SiteURL.edition(slug: slug, date: $0.date).path, chinese: $0.date.chinese) },
            feed: feed, years: calendar(slug: slug, dates: editions.map(\.date)))
    }

    /// Years and months latest first; within a month, a Sunday-first grid as printed calendars are.
    static func calendar(slug: String, dates: [IssueDate]) -> [Year] {
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
