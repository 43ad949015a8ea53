import BroadsheetCore
import Foundation

/// Related articles (the same story on other days, follow-ups), found through the search
/// index's own tokens — a TF-IDF nearest-neighbour search over bigrams:
///
/// 1. The article's distinctive terms: every bigram of its headline, kicker and subtitle
///    (counted three times) and the most frequent bigrams of its body are candidates; each is
///    weighted (1 + ln tf) · ln(N / df), df from the index's document frequencies. Terms in
///    more than `maxShare` of all articles (发展, 记者; in an archive under 2,500 articles,
///    more than a quarter or 50) or in no other article are dropped; the best `termCount`
///    remain.
/// 2. Every other article holding at least two of them scores the sum of the weights it
///    shares; the best `shortlist(limit)` (newer first among equals) are read whole.
/// 3. Of those, an article whose pairs of adjacent characters (`fingerprint`) overlap the
///    article's by `copyOverlap` or more (Jaccard) is a copy — the same text printed on
///    another page or day — and is not listed; nor is the article itself. The rest are ranked
///    by the shared weight divided by the square root of their number of distinct pairs
///    relative to the article's (`score`), so that a long speech holding every term somewhere
///    does not outrank a short follow-up on the story.
///
/// Backends supply document frequencies and postings; the rules are here, the same for all.
public enum Relatedness {
    /// Terms searched for per article.
    public static let termCount = 12
    /// Body bigrams considered (the most frequent), besides the headline's.
    public static let bodyCandidates = 40
    /// A term in more than this share of all articles says nothing about the story.
    public static let maxShare = 0.02
    /// Bigram-set overlap (Jaccard) from which another article is a copy, not a related one.
    public static let copyOverlap = 0.6

    /// Another article must share at least two of the chosen terms (or the one, where only
    /// one was chosen): one distinctive word in common is a coincidence, not a story.
    public static func sharedTermsNeeded(_ chosen: Int) -> Int { min(2, max(1, chosen)) }

    /// Candidates read whole for `limit` related articles.
    public static func shortlist(_ limit: Int) -> Int { max(20, limit * 4) }

    /// The final score: the shared weight, as if the other article had as many distinct
    /// bigrams as this one (cosine-like length normalisation).
    public static func score(shared: Double, terms: Int, ownTerms: Int) -> Double {
        shared * (Double(max(1, ownTerms)) / Double(max(1, terms))).squareRoot()
    }

    /// The candidate terms of an article and how often each occurs (title terms ×3).
    public static func candidates(title: String, body: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for t in terms(title) { counts[t, default: 0] += 3 }
        var inBody: [String: Int] = [:]
        for t in terms(body) { inBody[t, default: 0] += 1 }
        for (t, n) in inBody.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(bodyCandidates) {
            counts[t, default: 0] += n
        }
        return counts
    }

    /// The terms to search for with their weights, best first.
    public static func select(_ counts: [String: Int], documentFrequency df: [String: Int], articles: Int) -> [(term: String, weight: Double)] {
        guard articles > 1 else { return [] }
        // In a small archive 2 % is a handful: a term then may be in up to a quarter (at most 50).
        let ceiling = max(2, Int(Double(articles) * maxShare), min(articles / 4, 50))
        return counts.compactMap { term, tf -> (String, Double)? in
            guard let d = df[term], d >= 2, d <= ceiling else { return nil }
            return (term, (1 + log(Double(tf))) * log(Double(articles) / Double(d)))
        }
        .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        .prefix(termCount).map { (term: $0.0, weight: $0.1) }
    }

    /// Index bigrams (and whole Latin words or numbers) of `text`, as the index holds them.
    public static func terms(_ text: String) -> [String] {
        BigramTokenizer(mode: .document).tokens(text).compactMap { t in
            t.colocated || t.text.unicodeScalars.count < 2 ? nil : t.text
        }
    }

    /// The distinct pairs of adjacent letters of `text` (CJK characters, Latin letters and
    /// digits; punctuation and spaces break pairs), each as one number: enough to tell a copy
    /// and to measure length, without the tokenizer's folding — a copy is the same text.
    public static func fingerprint(_ text: String) -> Set<Int> {
        func isLetter(_ v: UInt32) -> Bool {
            switch v {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
            default: return false
            }
        }
        var out = Set<Int>(minimumCapacity: text.utf8.count / 3)
        var previous: UInt32 = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if isLetter(v) {
                if previous != 0 { out.insert(Int(previous) << 21 | Int(v)) }
                previous = v
            } else {
                previous = 0
            }
        }
        return out
    }

    /// Jaccard overlap of two fingerprints.
    public static func overlap(_ a: Set<Int>, _ b: Set<Int>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var shared = 0
        for x in small where large.contains(x) { shared += 1 }
        return Double(shared) / Double(a.count + b.count - shared)
    }
}

/// An article listed as related to another.
public struct RelatedArticle: Sendable, Hashable, Codable {
    public var id: String
    public var paper: Paper
    public var date: IssueDate
    public var headline: String
    /// The sum of the weights of the terms it shares; higher is closer.
    public var score: Double

    public init(id: String, paper: Paper, date: IssueDate, headline: String, score: Double) {
        self.id = id
        self.paper = paper
        self.date = date
        self.headline = headline
        self.score = score
    }
}
