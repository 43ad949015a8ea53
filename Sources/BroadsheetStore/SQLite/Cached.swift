import GRDB

/// Fetches through statements prepared once per connection. The archive runs the same few
/// statement shapes over and over (a page view, a search), and preparing a statement costs
/// more than running a small one: a tenth of an uncached article page, more for FTS5 queries.
enum Cached {
    static func rows(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func int(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Int? {
        try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func int64(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func strings(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func row(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func string(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
