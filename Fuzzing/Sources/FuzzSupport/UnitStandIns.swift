import Foundation

/// Small files in the shape of an article-segmented unit export's (iArchives' schema), for the
/// unit targets' scratch folder: real exports name 8 page files and 18 article files of up to
/// 90 KB each, too much to read for every input.
public enum UnitStandIns {
    /// The page files' names, as the real export (`pages/p001_Va_071_D45_v01.xml`) has them.
    public static func pageFile(_ n: Int) -> String {
        "pages/p\(String(repeating: "0", count: 3 - String(n).count))\(n)_Va_071_D45_v01.xml"
    }

    /// A page file: its number and its image (a PDF beside it in `pdf/`).
    public static func page(_ n: Int) -> String {
        let name = (pageFile(n) as NSString).lastPathComponent.replacingOccurrences(of: ".xml", with: ".pdf")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <page xmlns="http://www.iarchives.com/schema/2002/export" unit-href="../unit.xml" image-file="pdf/\(name)">\
            <header-item name="date" value="675867">15-JUN-1850</header-item><header-item name="page" value="\(n)">\(n)</header-item></page>
            """
    }

    /// An article on page `page`: a headline, one clipping of three words.
    public static func article(page: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <article xmlns="http://www.iarchives.com/schema/2002/export" unit-href="../unit.xml" classification="unclassified">\
        <header-item name="date" value="675867">15-JUN-1850</header-item><header-item name="page" value="\(page)">\(page)</header-item>\
        <article-page href="../\(pageFile(page))"><article-clipping image-file="pdf/6.pdf" index="0" l="0" t="909" r="498" b="1002">\
        <article-element type="headline"><text>THE MAILS</text></article-element>\
        <article-element type="article"><zone l="0" t="0" r="498" b="93"><nodes><n i="C+"><o p="0">The</o></n>\
        <n i="S3"><o p="4">mail</o><o p="8">rnail</o></n><n i="S4"><o p="9">arrived.</o></n></nodes></zone></article-element>\
        </article-clipping></article-page></article>
        """
    }

    /// Every file a unit export names, 8 pages and 18 articles, under the real export's names.
    public static var folder: [String: String] {
        var files: [String: String] = [:]
        for n in 1...8 {
            files[pageFile(n)] = page(n)
            files["pages/pdf/" + (pageFile(n) as NSString).lastPathComponent.replacingOccurrences(of: ".xml", with: ".pdf")] = ""
        }
        for n in 0..<18 { files["articles/\(n).xml"] = article(page: n % 8 + 1) }
        return files
    }
}
