import BroadsheetCore
import BroadsheetSearch
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    /// Document mode: bigrams, the run-final character colocated (`+`), words whole.
    @Test("document", arguments: [
        ("台州红云", ["台州", "州红", "红云", "+云"]),
        ("南京市长江大桥", ["南京", "京市", "市长", "长江", "江大", "大桥", "+桥"]),
        ("党", ["党"]),
        ("你好，世界", ["你好", "+好", "世界", "+界"]),
        ("GDP增长6.5%", ["gdp", "增长", "+长", "6", ".", "5", "%"]),
        ("《名录》公布", ["《", "名录", "+录", "》", "公布", "+布"]),
        ("增长６．５％", ["增长", "+长", "6", ".", "5", "%"]),
        ("ＡＢＣ１２３", ["abc", "123"]),
        ("人均GDP1万美元", ["人均", "+均", "gdp", "1", "万美", "美元", "+元"]),
        ("iPhone手机", ["iphone", "手机", "+机"]),
        ("機關黨建", ["机关", "关党", "党建", "+建"]),
        ("　　第一段\r\n第二段", ["第一", "一段", "+段", "第二", "二段", "+段"]),
        ("5G时代", ["5", "g", "时代", "+代"]),
        ("Café au lait", ["café", "au", "lait"]),
        ("", []),
        ("，。！", []),
    ] as [(String, [String])])
    func document(text: String, expected: [String]) {
        let tokens = BigramTokenizer(mode: .document).tokens(text).map(\.description)
        #expect(tokens == expected)
    }

    /// Query mode: no colocated unigram; a lone CJK character stays a unigram.
    @Test("query", arguments: [
        ("台州红云", ["台州", "州红", "红云"]),
        ("党", ["党"]),
        ("中国 人", ["中国", "人"]),
        ("習近平", ["习近", "近平"]),
        ("2019年", ["2019", "年"]),
        ("1.10", ["1", ".", "10"]),
        ("101%", ["101", "%"]),
        ("《名录》", ["《", "名录", "》"]),
    ] as [(String, [String])])
    func query(text: String, expected: [String]) {
        let tokens = BigramTokenizer(mode: .query).tokens(text).map(\.description)
        #expect(tokens == expected)
    }

    @Test("Offsets point into the original UTF-8, not the folded text")
    func offsets() {
        let text = "Ａ台州,紅雲"
        let tokens = BigramTokenizer(mode: .document).tokens(text)
        let bytes = Array(text.utf8)
        let slices = tokens.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(slices == ["Ａ", "台州", "州", "紅雲", "雲"])
        #expect(tokens.map(\.text) == ["a", "台州", "州", "红云", "云"])
    }

    @Test("Invalid UTF-8 separates instead of failing")
    func invalidBytes() {
        let bytes: [UInt8] = Array("台州".utf8) + [0xFF, 0xC3] + Array("红云".utf8)
        var tokens: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            BigramTokenizer(mode: .document).tokenize(buffer) { token, _, _, _ in
                tokens.append(String(decoding: token, as: UTF8.self))
                return true
            }
        }
        #expect(tokens.contains("台州") && tokens.contains("红云") && !tokens.contains("州红"))
    }

    @Test("Punctuation's table gives what folding and classifying each scalar give")
    func punctuationTable() {
        for v in UInt32(0x2000)..<0x3040 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            var folded = String.UnicodeScalarView()
            TextFolding.appendFolded(scalar, to: &folded)
            let expected = folded.map { ($0.value, FoldedScanner.classify($0)) }
            var scanned: [(UInt32, CharacterClass)] = []
            FoldedScanner.scan(String(scalar)) { value, cls, _, _ in scanned.append((value, cls)) }
            #expect(scanned.map(\.0) == expected.map(\.0), "U+\(String(v, radix: 16))")
            #expect(scanned.map(\.1) == expected.map(\.1), "U+\(String(v, radix: 16))")
        }
    }
}
