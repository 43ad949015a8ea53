/// Reads body lines into blocks: paragraphs, sub-heads, jump lines and bylines.
public enum BodyReader {
    /// Lines at most this long with no closing punctuation read as sub-heads.
    static let subheadMaxLength = 24

    private static let closing: Set<Character> = [
        "。", "！", "？", "!", "?", "…", "；", ";", "：", ":", "，", ",", "、", "）", ")", "」", "』", "—", ".",
    ]
    private static let bylinePrefixes = [
        "本报记者", "本报特约记者", "本报通讯员", "新华社记者", "人民日报记者", "本报评论员", "记者", "通讯员",
    ]
    private static let creditPrefixes = ["版式设计", "制图", "图为", "本版责编", "责任编辑", "图片来源"]

    /// Blocks and bylines of `lines`; `headline` recognises the headline repeated above an incoming jump.
    public static func read(_ lines: [Substring], headline: String) -> (blocks: [Block], bylines: [String]) {
        var blocks: [Block] = []
        var bylines: [String] = []
        let headlineKey = TextFolding.comparisonKey(headline)
        for raw in lines {
            let line = InputText.trim(raw)
            if line.isEmpty { continue }
            if var jump = JumpLine.parseWhole(line) {
                attachRepeatedHeadline(&jump, blocks: &blocks, headlineKey: headlineKey)
                blocks.append(.jump(jump))
                continue
            }
            if let (before, jump, after) = JumpLine.parseInline(line) {
                let b = InputText.trim(Substring(before)), a = InputText.trim(Substring(after))
                if !b.isEmpty { blocks.append(.paragraph(b)) }
                var j = jump
                if b.isEmpty { attachRepeatedHeadline(&j, blocks: &blocks, headlineKey: headlineKey) }
                blocks.append(.jump(j))
                if !a.isEmpty { blocks.append(.paragraph(a)) }
                continue
            }
            if isByline(line) {
                bylines.append(line)
                continue
            }
            blocks.append(isSubhead(line) ? .subhead(line) : .paragraph(line))
        }
        // A short unpunctuated last line is a signature or credit, not a sub-head.
        if let last = blocks.last, case .subhead(let t) = last {
            blocks[blocks.count - 1] = .paragraph(t)
        }
        return (blocks, bylines)
    }

    private static func attachRepeatedHeadline(_ jump: inout Jump, blocks: inout [Block], headlineKey: String) {
        guard jump.direction == .continuedFrom, !headlineKey.isEmpty, let last = blocks.last else { return }
        switch last {
        case .paragraph(let t), .subhead(let t):
            if TextFolding.comparisonKey(t) == headlineKey {
                jump.repeatedHeadline = t
                blocks.removeLast()
            }
        case .jump:
            break
        }
    }

    static func isByline(_ line: String) -> Bool {
        guard line.count <= 40, !line.contains("。"), !line.contains("，") else { return false }
        var s = Substring(line)
        if s.first == "(" || s.first == "（" { s = s.dropFirst() }
        return bylinePrefixes.contains { s.hasPrefix($0) } && s.count > 4
    }

    static func isSubhead(_ line: String) -> Bool {
        let length = line.unicodeScalars.count
        guard length >= 2, length <= subheadMaxLength, let last = line.last else { return false }
        if closing.contains(last) { return false }
        if creditPrefixes.contains(where: { line.hasPrefix($0) }) { return false }
        if line.first == "(" || line.first == "（" || line.first == "【" { return false }
        return true
    }
}
