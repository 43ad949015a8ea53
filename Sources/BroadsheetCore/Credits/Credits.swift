/// Who and where an article's text credits: its writers, photographers, the places of its
/// datelines and the agencies it comes from. Read from the text by `CreditReader`; the text
/// itself is never changed. Names are as printed, without the spaces that pad two-character
/// names (`刘  峰` → `刘峰`), each once, in the order the text names them.
public struct Credits: Hashable, Sendable, Codable {
    /// Reporters and writers: `本报记者  王锦涛`, `（记者贺勇、王昊男）`, `本报评论员`.
    public var authors: [String] = []
    /// `陈文武摄`, `新华社记者  梁  旭摄`.
    public var photographers: [String] = []
    /// Dateline places: `本报北京5月16日电` → 北京.
    public var places: [String] = []
    /// Agencies other than the paper itself: 新华社 of `新华社北京5月16日电` or `新华社记者 X`.
    public var agencies: [String] = []

    public init(authors: [String] = [], photographers: [String] = [], places: [String] = [], agencies: [String] = []) {
        self.authors = authors
        self.photographers = photographers
        self.places = places
        self.agencies = agencies
    }

    public var isEmpty: Bool { authors.isEmpty && photographers.isEmpty && places.isEmpty && agencies.isEmpty }

    /// The kinds of credit, as stored and as the query language names them.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case author, photographer, place, agency
    }

    /// Every credit with its role, in the order of `Role.allCases`.
    public var entries: [(role: Role, name: String)] {
        authors.map { (.author, $0) } + photographers.map { (.photographer, $0) }
            + places.map { (.place, $0) } + agencies.map { (.agency, $0) }
    }

    /// A name as matched: folded (width, case, traditional forms) and without spaces, so that
    /// `byline:劉峰` and `byline:刘 峰` find `刘  峰`.
    public static func key(_ name: String) -> String {
        String(TextFolding.fold(name).unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    mutating func add(_ name: String, as role: Role) {
        switch role {
        case .author: Self.append(name, to: &authors)
        case .photographer: Self.append(name, to: &photographers)
        case .place: Self.append(name, to: &places)
        case .agency: Self.append(name, to: &agencies)
        }
    }

    private static func append(_ name: String, to list: inout [String]) {
        if !name.isEmpty, !list.contains(name) { list.append(name) }
    }
}
