/// Reads a stored original again, whatever its format, into a record for stitching.
public enum SourceParser {
    public static func parse(_ source: SourceRecord, paperName: String) throws -> ParsedRecord {
        var record: ParsedRecord
        switch source.format {
        case .editionText:
            record = try EditionTextFormat.parse(source.text, file: source.name)
        case .crawl:
            record = try CrawlFormat.parse(source.text, name: source.name, file: source.name, paperName: paperName)
        case .unitArticle:
            record = try UnitExport.parseArticle(source.text, name: source.name, file: source.name, paperName: paperName).record
        case .altoPage:
            record = try NDNPBatch.record(alto: source.text, name: source.name, file: source.name, paperName: paperName)
        }
        record.source.key = source.key
        return record
    }
}
