/// Recognises jump lines (转版): `(下转第五版)`, `（上接第1版）`, `转第A5版`, `接第十二版`.
public enum JumpLine {
    // Both widths of brackets, digits and letters, so the original text is matched as printed.
    nonisolated(unsafe) private static let core =
        #/(?<verb>下转|上接|转|接)[ \u3000]*第?[ \u3000]*(?<page>[A-Za-zＡ-Ｚａ-ｚ]?[ \u3000]*(?:[0-9０-９]+|[〇零一二两三四五六七八九十百]+))[ \u3000]*版/#
    nonisolated(unsafe) private static let bracketed =
        #/[(（][ \u3000]*(?<verb>下转|上接|转|接)[ \u3000]*第?[ \u3000]*(?<page>[A-Za-zＡ-Ｚａ-ｚ]?[ \u3000]*(?:[0-9０-９]+|[〇零一二两三四五六七八九十百]+))[ \u3000]*版[ \u3000]*[)）]/#

    /// The jump a whole (trimmed) line consists of, with or without brackets.
    public static func parseWhole(_ line: String) -> Jump? {
        guard mightContainJump(line) else { return nil }
        if let m = line.wholeMatch(of: bracketed) {
            return makeJump(verb: String(m.output.verb), page: String(m.output.page), text: line)
        }
        if let m = line.wholeMatch(of: core) {
            return makeJump(verb: String(m.output.verb), page: String(m.output.page), text: line)
        }
        return nil
    }

    /// A bracketed jump inside a longer line: the text before, the jump, and the text after.
    public static func parseInline(_ line: String) -> (before: String, jump: Jump, after: String)? {
        guard mightContainJump(line) else { return nil }
        guard let m = line.firstMatch(of: bracketed) else { return nil }
        let text = String(line[m.range])
        guard let jump = makeJump(verb: String(m.output.verb), page: String(m.output.page), text: text) else { return nil }
        return (String(line[..<m.range.lowerBound]), jump, String(line[m.range.upperBound...]))
    }

    /// A cheap scan that rules out almost every line before the (slow) regular expressions run.
    private static func mightContainJump(_ line: String) -> Bool {
        var sawPage = false, sawVerb = false
        for s in line.unicodeScalars {
            if s == "版" { sawPage = true } else if s == "转" || s == "接" { sawVerb = true }
        }
        return sawPage && sawVerb
    }

    private static func makeJump(verb: String, page: String, text: String) -> Jump? {
        let direction: JumpDirection = (verb == "下转" || verb == "转") ? .continuesOn : .continuedFrom
        var letter = ""
        var number = ""
        for ch in page where ch != " " && ch != "\u{3000}" {
            let folded = fullWidthToASCII(ch)
            if folded.isLetter && folded.isASCII { letter = String(folded).uppercased() } else { number.append(folded) }
        }
        guard let value = ChineseNumerals.value(of: number), value > 0 else { return nil }
        return Jump(direction: direction, pageLabel: letter + String(value), pageNumber: value, text: text)
    }

    private static func fullWidthToASCII(_ ch: Character) -> Character {
        guard let s = ch.unicodeScalars.first, s.value >= 0xFF01, s.value <= 0xFF5E else { return ch }
        return Character(Unicode.Scalar(s.value - 0xFF01 + 0x21)!)
    }
}
