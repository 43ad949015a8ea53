import Foundation
import Synchronization

/// Makes URL slugs for paper names: pinyin initials for Chinese names (人民日报 → `rmrb`),
/// lower-case words joined by `-` otherwise.
public enum PaperSlug {
    public static func make(from name: String) -> String {
        // Transliteration opens an ICU transform per character: far too slow to repeat for every file.
        if let known = cache.withLock({ $0[name] }) { return known }
        let slug = compute(name)
        cache.withLock { $0[name] = slug }
        return slug
    }

    private static let cache = Mutex<[String: String]>([:])

    private static func compute(_ name: String) -> String {
        var parts: [String] = []
        var latinRun = ""
        func flushLatin() {
            if !latinRun.isEmpty { parts.append(latinRun.lowercased()); latinRun = "" }
        }
        for ch in name {
            guard let scalar = ch.unicodeScalars.first else { continue }
            if TextFolding.isCJK(scalar.value) {
                flushLatin()
                let latin = String(ch).applyingTransform(.toLatin, reverse: false)?
                    .applyingTransform(.stripDiacritics, reverse: false) ?? ""
                if let first = latin.lowercased().first(where: { $0.isLetter && $0.isASCII }) {
                    parts.append(String(first))
                }
            } else if ch.isASCII && (ch.isLetter || ch.isNumber) {
                latinRun.append(ch)
            } else {
                flushLatin()
                parts.append("-")
            }
        }
        flushLatin()
        var slug = parts.joined()
        while slug.contains("--") { slug = slug.replacingOccurrences(of: "--", with: "-") }
        slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return slug.isEmpty ? "paper" : slug
    }

    /// True for slugs this archive accepts from users: lower-case ASCII letters, digits and `-`.
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 64
            && slug.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
