import BroadsheetCore
import BroadsheetStore
import Foundation
import Hummingbird

/// Earlier versions of corrected articles: `/articles/{id}/versions/{n}` shows one,
/// `/articles/{id}/versions/{n}/diff` marks what the correction after it inserted and deleted,
/// `/api/v1/articles/{id}/versions` lists them.
enum VersionController {
    struct Run { var text: String; var inserted: Bool; var deleted: Bool }
    struct View {
        var chrome: Chrome
        var headline: String
        var articleURL: String
        var replaced: String
        var actor: String
        var label: String
        /// The version's text, one paragraph each (the version page).
        var paragraphs: [String]
        /// The compare view: runs of kept, deleted and inserted text.
        var runs: [Run]
        var isDiff: Bool
        var otherURL: String
        var otherLabel: String
    }

    static func text(_ a: Article) -> String {
        ([a.kicker ?? "", a.headline, a.subtitle ?? ""].filter { !$0.isEmpty } + a.blocks.compactMap { block -> String? in
            if case .jump = block { return nil }
            return block.text
        }).joined(separator: "\n")
    }

    static func view(_ site: Site, id: String, seq raw: String, diff: Bool) async throws -> View {
        guard let seq = Int(raw), seq >= 0 else { throw WebError.notFound("没有这个版本：\(raw)") }
        let current = try await site.article(id: id) { diff ? SiteURL.versionDiff(id: $0.id, seq: seq) : SiteURL.version(id: $0.id, seq: seq) }
        let versions = try await site.store.versions(of: current.id)
        guard let meta = versions.first(where: { $0.seq == seq }), let old = try await site.store.version(of: current.id, seq: seq) else {
            throw WebError.notFound("这篇文章没有第 \(seq + 1) 个早先版本。")
        }
        // The next text: the following earlier version, or the article as it is now.
        let next: Article
        if let following = versions.first(where: { $0.seq == seq + 1 }), let a = try await site.store.version(of: current.id, seq: following.seq) {
            next = a
        } else {
            next = current
        }
        let runs = diff ? TextDiff.runs(from: text(old), to: text(next)).map { run -> Run in
            switch run {
            case .same(let s): return Run(text: s, inserted: false, deleted: false)
            case .deleted(let s): return Run(text: s, inserted: false, deleted: true)
            case .inserted(let s): return Run(text: s, inserted: true, deleted: false)
            }
        } : []
        let label = "第 \(seq + 1) 版"
        return View(
            chrome: site.chrome(title: "\(old.headline) · \(label)\(diff ? " · 对比" : "")"),
            headline: old.headline, articleURL: SiteURL.article(id: current.id).path, replaced: Labels.chineseTime(meta.replaced),
            actor: meta.actor, label: label,
            paragraphs: diff ? [] : text(old).split(separator: "\n").map(String.init), runs: runs, isDiff: diff,
            otherURL: diff ? SiteURL.version(id: current.id, seq: seq).path : SiteURL.versionDiff(id: current.id, seq: seq).path,
            otherLabel: diff ? "只看这一版" : "与更正后的文字对比")
    }

    struct VersionJSON: Codable { var seq: Int; var replaced: String; var by: String; var html: String; var diff: String }

    static func api(_ site: Site, id: String) async throws -> Response {
        // An id that leads to another article redirects to that article's versions, not to it.
        let current = try await site.article(id: id) { SiteURL.apiVersions(id: $0.id) }
        let versions = try await site.store.versions(of: current.id).map {
            VersionJSON(seq: $0.seq, replaced: $0.replaced, by: $0.actor,
                        html: SiteURL.version(id: current.id, seq: $0.seq).path, diff: SiteURL.versionDiff(id: current.id, seq: $0.seq).path)
        }
        return try APIController.json(versions)
    }
}
