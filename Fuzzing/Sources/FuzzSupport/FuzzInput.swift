import BroadsheetCore

/// The body of `LLVMFuzzerInitialize`: runs the target on `warmUp` inputs before fuzzing starts
/// (see `SlowestUnit`).
public func fuzzInitialize(_ body: ([UInt8]) -> Void, warmUp: [String]) -> CInt {
    SlowestUnit.warmUp(body, with: warmUp)
    return 0
}

/// The body of `LLVMFuzzerTestOneInput`: libFuzzer's bytes as an array, timed.
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: ([UInt8]) -> Void) -> CInt {
    // libFuzzer passes a null pointer for the empty input.
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    SlowestUnit.measure(bytes) { body(bytes) }
    return 0
}

/// The bytes as text, exactly as `Importer.parse` reads a file: `InputText.decode` refuses empty,
/// binary and invalid UTF-8 input with a `FormatError`, and so do we (nil). Refusing is a
/// finding only if it traps instead.
public func importedText(_ bytes: [UInt8], file: String) -> String? {
    try? InputText.decode(bytes, file: file)
}

/// Stops the run when a property every input must keep is broken. A trap is what libFuzzer
/// reports (as a deadly signal, with the input saved), so a broken round trip is a finding like
/// a crash, with the reason printed above it.
public func require(_ condition: @autoclosure () -> Bool, _ reason: @autoclosure () -> String) {
    if !condition() { fatalError("property broken: \(reason())") }
}

/// What every parsed article must survive: the store keeps it as its JSON Lines document, and an
/// export read back into an empty archive must give the same article and the same line.
public func requireJSONLRoundTrip(_ article: Article) {
    let line = ArticleJSONL.line(article)
    let (again, errors) = ArticleJSONL.parseLines(line, file: "round-trip.jsonl")
    require(errors.isEmpty, "its own JSON line does not read back: \(errors)")
    require(again == [article], "its JSON line reads back as another article: \(line)")
    require(ArticleJSONL.line(again[0]) == line, "its JSON line is not stable: \(line)")
}

/// What every record a parser accepts must survive on its way into the archive: the original
/// kept byte for byte (`text`, where the input is the record's own file), the stored original
/// read again into the same record (a re-stitch does that), one article out of the stitcher,
/// and that article's JSON Lines round trip.
public func requireStoredRecord(_ record: ParsedRecord, text: String?) {
    if let text { require(record.source.text == text, "the original is not kept byte for byte") }
    do {
        let again = try SourceParser.parse(record.source, paperName: record.paperName)
        require(again == record, "the stored original reads back as another record")
    } catch {
        require(false, "the stored original no longer parses: \(error)")
    }
    let (articles, _) = Stitcher.stitch([record], paper: Paper(name: record.paperName))
    require(articles.count == 1, "one record stitched into \(articles.count) articles")
    articles.forEach(requireJSONLRoundTrip)
}
