import Testing

@testable import BroadsheetWeb

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test("the five HTML characters are escaped, everything else is kept byte for byte", arguments: [
        ("台州红云", "台州红云"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("A & B　（下转第五版）", "A &amp; B　（下转第五版）"),
        ("", ""),
        ("＜全角＞不转义", "＜全角＞不转义"),
    ])
    func escapes(text: String, expected: String) {
        #expect(HTMLEscaping.escape(text) == expected)
    }
}
