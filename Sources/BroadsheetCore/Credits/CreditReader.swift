/// Reads the credits Chinese newspapers print into `Credits`:
///
/// - datelines at the start of a paragraph: `本报北京5月16日电`, `新华社巴黎10月22日电`,
///   `据新华社电`, `（新华社北京1月5日电  记者朱基钗）`, with the reporters' parenthesis after
///   them: `本报北京1月5日电  （记者贺勇、王昊男）`;
/// - byline lines: `本报记者  王乐文  高  炳`, `本报记者 王某 本报通讯员 李某`, `本报评论员`;
/// - photo credits ending a line or a caption: `陈文武摄（影像中国）`, `新华社记者  梁  旭摄`;
/// - closing credits in parentheses: `（本报记者彭波、徐隽）`, `（综合本报记者贺广华、田豆豆报道）`,
///   `（作者为……，本报记者王迪采访整理）`, and a photo's source `（新华社发）`.
///
/// Reporters mentioned in running text (`记者了解到`), authors' notes (`（作者为……）`) and
/// graphics credits (`制图：`) are not credits here. Precision and recall against a hand-checked
/// list of People's Daily articles are in the README.
public enum CreditReader {
    public static func read(_ article: Article) -> Credits {
        read(bylines: article.bylines, blocks: article.blocks)
    }

    public static func read(_ record: ParsedRecord) -> Credits {
        read(bylines: record.bylines, blocks: record.blocks)
    }

    static func read(bylines: [String], blocks: [Block]) -> Credits {
        var lines = bylines
        for block in blocks {
            switch block {
            case .paragraph(let t), .subhead(let t): lines.append(t)
            case .jump: continue
            }
        }
        return read(lines: lines)
    }

    public static func read(lines: [String]) -> Credits {
        var credits = Credits()
        for line in lines { read(line: line, into: &credits) }
        return credits
    }

    // MARK: Lines

    /// Characters one of which every credit contains: most paragraphs are skipped at once.
    /// Compared by scalar, not hashed as Characters: this test runs on every body line.
    private static let cues: [UInt32] = ["电", "记", "摄", "评", "通", "发", "采"].map { ($0 as Unicode.Scalar).value }

    static func read(line raw: String, into credits: inout Credits) {
        guard raw.unicodeScalars.contains(where: { cues.contains($0.value) }) else { return }
        let line = trimmed(Substring(raw))
        guard !line.isEmpty else { return }
        if let dateline = dateline(line) {
            dateline.apply(to: &credits)
            return
        }
        // A whole line that is a byline.
        if line.count <= 40, let phrase = phrase(line, attached: false) {
            phrase.apply(to: &credits)
            return
        }
        // A whole line in parentheses, or a closing parenthesis: `（本报记者彭波、徐隽）`,
        // `（本报柏林1月21日电）`, `（新华社发）`.
        if let content = closingParenthesis(line) {
            if let dateline = dateline(content, enclosed: true) {
                dateline.apply(to: &credits)
                return
            }
            if let organisation = photoSource(content) {
                credits.add(organisation, as: .agency)
                // `X摄（新华社发）`: the photographer stands before it.
                readPhoto(line.dropLast(content.count + 2), into: &credits)
                return
            }
            if let phrase = phrase(content, attached: true), phrase.isExplicit || phrase.isPhoto {
                phrase.apply(to: &credits)
                return
            }
            for clause in content.split(whereSeparator: { $0 == "，" || $0 == "；" || $0 == "," }) {
                if let phrase = phrase(trimmed(clause), attached: true), phrase.isExplicit || phrase.isPhoto {
                    phrase.apply(to: &credits)
                }
            }
        }
        // A photo credit in a parenthesis within the text: `（见图，新华社记者戚恒摄）`.
        for content in parentheses(line) where content.last == "摄" {
            for clause in content.split(whereSeparator: { $0 == "，" || $0 == "；" || $0 == "," }) {
                if let phrase = phrase(trimmed(clause), attached: true), phrase.isPhoto { phrase.apply(to: &credits) }
            }
        }
        readPhoto(line, into: &credits)
    }

    /// `X摄`, `本报记者 X、Y摄`, `X摄（人民视觉）` ending `line`, after its last sentence.
    private static func readPhoto(_ line: Substring, into credits: inout Credits) {
        var s = trimmed(line)
        func endsAsPhoto(_ t: Substring) -> Bool { photoEndings.contains { t.hasSuffix($0) } }
        if s.last == "）" || s.last == ")", let open = s.lastIndex(where: { $0 == "（" || $0 == "(" }), endsAsPhoto(trimmed(s[..<open])) {
            s = trimmed(s[..<open])
        }
        guard endsAsPhoto(s) else { return }
        // The credit is what follows the caption's last sentence, or the whole line.
        let stops: Set<Character> = ["。", "！", "？", "；", "”", "」", "…"]
        var start = s.startIndex
        if let stop = s.lastIndex(where: { stops.contains($0) }) { start = s.index(after: stop) }
        if let phrase = phrase(s[start...], attached: false), phrase.isPhoto {
            phrase.apply(to: &credits)
        }
    }

    // MARK: Datelines

    struct Dateline {
        var organisation: String
        var places: [String]
        /// What stands in the parenthesis after the dateline (or, for a dateline in
        /// parentheses, after it inside them): `记者贺勇、王昊男`.
        var reporters: Substring?

        func apply(to credits: inout Credits) {
            for place in places { credits.add(place, as: .place) }
            if organisation != "本报" { credits.add(organisation, as: .agency) }
            if let reporters, let phrase = CreditReader.phrase(reporters, attached: true, namesAlone: true) {
                phrase.apply(to: &credits)
            }
        }
    }

    /// `本报北京5月16日电`, `新华社电`, `据新华社纽约10月25日电`, `（新华社北京1月5日电  记者X）`;
    /// `enclosed`: `line` is the content of a parenthesis, all of it the dateline's.
    static func dateline(_ line: Substring, enclosed: Bool = false) -> Dateline? {
        var s = line
        var inParentheses = enclosed
        if s.first == "（" || s.first == "(" {
            s = s.dropFirst()
            inParentheses = true
        }
        if s.first == "据" { s = s.dropFirst() }
        guard let (organisation, afterOrganisation) = leadingOrganisation(s) else { return nil }
        guard let electric = afterOrganisation.prefix(20).firstIndex(of: "电") else { return nil }
        let middle = afterOrganisation[..<electric]
        let rest = afterOrganisation[afterOrganisation.index(after: electric)...]
        // What follows 电: the end, a space, or a parenthesis.
        if let next = rest.first, !(isSpace(next) || "（(）)".contains(next)) { return nil }
        var place = middle
        if let digit = middle.firstIndex(where: isDigit) {
            place = middle[..<digit]
            guard isDate(middle[digit...]) else { return nil }
        }
        // `本报莫斯科、布鲁塞尔1月13日电`: several places.
        let places = place.split(separator: "、")
        guard place.count <= 40, places.allSatisfy({ $0.allSatisfy(isNameCharacter) && $0.count <= 12 }),
              !place.hasPrefix("、"), !place.hasSuffix("、") else { return nil }
        var reporters: Substring?
        let after = trimmed(rest)
        if after.first == "（" || after.first == "(", let close = after.firstIndex(where: { $0 == "）" || $0 == ")" }) {
            reporters = after[after.index(after: after.startIndex)..<close]
        } else if inParentheses {
            reporters = after.prefix(while: { $0 != "）" && $0 != ")" })
        }
        return Dateline(organisation: String(organisation), places: places.map(String.init), reporters: reporters)
    }

    /// `本报`, or an agency `X社` of two to four characters, at the start of `s`.
    private static func leadingOrganisation(_ s: Substring) -> (Substring, Substring)? {
        if s.hasPrefix("本报") { return (s.prefix(2), s.dropFirst(2)) }
        guard let she = s.prefix(4).firstIndex(of: "社"), she > s.startIndex,
              s[..<she].allSatisfy(isHan) else { return nil }
        let end = s.index(after: she)
        return (s[..<end], s[end...])
    }

    /// `5月16日`.
    private static func isDate(_ s: Substring) -> Bool {
        guard let month = s.firstIndex(of: "月"), s.last == "日" else { return false }
        let m = s[..<month], d = s[s.index(after: month)..<s.index(before: s.endIndex)]
        return (1...2).contains(m.count) && (1...2).contains(d.count) && m.allSatisfy(isDigit) && d.allSatisfy(isDigit)
    }

    // MARK: Credit phrases

    /// A credit phrase read into names by role.
    struct Phrase {
        var authors: [String] = []
        var photographers: [String] = []
        var agencies: [String] = []
        /// The phrase opens with a role of an organisation (`本报记者`, `新华社记者`), or ends
        /// in what only a credit ends in (`参与采写`, `报道`): it stands for itself even in a
        /// parenthesis at the end of a paragraph.
        var isExplicit = false
        var isPhoto = false

        func apply(to credits: inout Credits) {
            for a in authors { credits.add(a, as: .author) }
            for p in photographers { credits.add(p, as: .photographer) }
            for a in agencies { credits.add(a, as: .agency) }
        }
    }

    private static let roleWords = ["记者", "通讯员", "评论员", "实习生"]
    private static let roleModifiers = ["特约", "实习", "见习", "参与", "驻外"]
    private static let endings = ["综合报道", "参与采写", "采访整理", "参与报道", "报道", "采写", "整理"]
    private static let photoEndings = ["摄影报道", "摄"]

    /// Reads `本报记者  王乐文  高  炳`, `记者贺勇、王昊男`, `新华社记者 张金加摄`, `陈  洋摄`,
    /// `综合本报记者贺广华、田豆豆报道`, `李清华参与采写`, `参与记者：田颖、唐璐`.
    /// `attached`: a role may run into the first name (`记者贺勇`), as in parentheses; on a
    /// line of its own a role is followed by a space, so that `记者手记` is not read as a
    /// reporter named 手记. `namesAlone`: names without a role are reporters (the parenthesis
    /// after a dateline). Nil when `text` is not a credit.
    static func phrase(_ text: Substring, attached: Bool, namesAlone: Bool = false) -> Phrase? {
        var s = trimmed(text)
        var result = Phrase()
        if s.hasPrefix("综合") { s = s.dropFirst(2) }
        if let ending = photoEndings.first(where: { s.hasSuffix($0) }) {
            result.isPhoto = true
            s = trimmed(s.dropLast(ending.count))
        } else if let ending = endings.first(where: { s.hasSuffix($0) }) {
            s = s.dropLast(ending.count)
            result.isExplicit = true
        }
        if s.last == "等" { s = s.dropLast() }
        guard !s.isEmpty else { return nil }
        var names: [[Substring]] = []   // runs of name tokens, one run per role
        var role: (word: String, organisation: Substring?)? = nil
        var run: [Substring] = []
        var commentators: [String] = []
        func flush() {
            if !run.isEmpty { names.append(run) }
            run = []
        }
        let separators: Set<Character> = attached ? ["、", "，", "：", ":"] : ["、"]
        // `影像中国供图`: an organisation's picture credit ends the names.
        let tokens = s.split(whereSeparator: { isSpace($0) || separators.contains($0) }).prefix { !$0.hasSuffix("供图") }
        for (i, token) in tokens.enumerated() {
            var t = token
            if let (word, organisation, rest) = leadingRole(t) {
                if rest.isEmpty == false && !attached { return nil }
                flush()
                role = (word, organisation)
                if i == 0, organisation != nil || token.hasPrefix("参与") { result.isExplicit = true }
                if let organisation, organisation != "本报" {
                    result.agencies.append(String(organisation))
                }
                if word == "评论员" {
                    commentators.append(String((organisation ?? "") + word))
                }
                t = rest
                if t.isEmpty { continue }
            }
            guard role != nil || result.isPhoto || result.isExplicit || namesAlone else { return nil }
            guard t.allSatisfy(isNameCharacter) else { return nil }
            run.append(t)
        }
        flush()
        var people: [String] = []
        for run in names { people += joinPadded(run) }
        let limit = role == nil ? 4 : 8
        guard people.allSatisfy({ ($0.count >= 2 && $0.count <= limit) || ($0.contains("·") && $0.count <= 12) }) else { return nil }
        if result.isPhoto {
            guard !people.isEmpty else { return nil }
            result.photographers = people
        } else {
            result.authors = people.isEmpty ? commentators : people
            guard !result.authors.isEmpty else { return nil }
        }
        return result
    }

    /// A role at the start of `t`: `本报记者`, `新华社记者`, `记者`, `本报特约记者`, `通讯员`,
    /// `本报评论员`; with its organisation (本报, 新华社) and what follows it in the token.
    private static func leadingRole(_ t: Substring) -> (String, Substring?, Substring)? {
        for word in roleWords {
            guard let r = t.prefix(10).range(of: word) else { continue }
            var before = t[..<r.lowerBound]
            if let modifier = roleModifiers.first(where: { before.hasSuffix($0) }) { before = before.dropLast(modifier.count) }
            let organisation: Substring?
            if before.isEmpty {
                organisation = nil
            } else if before == "本报" || ((before.hasSuffix("社") || before.hasSuffix("日报") || before.hasSuffix("网"))
                        && before.count <= 6 && before.allSatisfy(isHan)) {
                organisation = before
            } else {
                continue
            }
            return (word, organisation, t[r.upperBound...])
        }
        return nil
    }

    /// Names as printed: a two-character name padded to the width of three (`高  炳`) reads
    /// as two one-character tokens, joined again here.
    private static func joinPadded(_ tokens: [Substring]) -> [String] {
        var out: [String] = []
        var pending: Substring? = nil
        for t in tokens {
            if t.count == 1 {
                if let p = pending {
                    out.append(String(p + t))
                    pending = nil
                } else {
                    pending = t
                }
            } else {
                if let p = pending { out.append(String(p)) }
                pending = nil
                out.append(String(t))
            }
        }
        if let p = pending { out.append(String(p)) }
        return out
    }

    /// The content of the parenthesis that ends `line`.
    private static func closingParenthesis(_ line: Substring) -> Substring? {
        guard line.last == "）" || line.last == ")" else { return nil }
        let s = line.dropLast()
        guard let open = s.lastIndex(where: { $0 == "（" || $0 == "(" }) else { return nil }
        return s[s.index(after: open)...]
    }

    /// The contents of every parenthesis of `line`.
    private static func parentheses(_ line: Substring) -> [Substring] {
        // By scalar: every bracket is one scalar, and comparing scalars costs nothing next to
        // comparing Characters (this runs on every body line of every import).
        var out: [Substring] = []
        var open: Substring.Index? = nil
        let scalars = line.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let v = scalars[i].value
            let next = scalars.index(after: i)
            if v == 0xFF08 || v == 0x28 { open = next }
            if v == 0xFF09 || v == 0x29, let o = open {
                out.append(line[o..<i])
                open = nil
            }
            i = next
        }
        return out
    }

    /// `新华社发`: the agency a photograph comes from.
    private static func photoSource(_ content: Substring) -> String? {
        let c = trimmed(content)
        guard c.hasSuffix("社发"), c.count <= 6, c.dropLast().allSatisfy(isHan) else { return nil }
        return String(c.dropLast())
    }

    // MARK: Characters

    private static func trimmed(_ s: Substring) -> Substring {
        var s = s
        while let c = s.first, isSpace(c) { s = s.dropFirst() }
        while let c = s.last, isSpace(c) { s = s.dropLast() }
        return s
    }

    private static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\u{3000}" || c == "\u{A0}" || c == "\t" || c == "\r" || c == "\n"
    }

    private static func isDigit(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return false }
        return (0x30...0x39).contains(v) || (0xFF10...0xFF19).contains(v)
    }

    private static func isHan(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2FFFF).contains(v)
    }

    /// Han characters and the middle dot of transliterated names (`阿卜杜勒·拉希德`).
    private static func isNameCharacter(_ c: Character) -> Bool {
        isHan(c) || c == "·" || c == "•"
    }
}
