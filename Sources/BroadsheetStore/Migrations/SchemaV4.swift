import GRDB

/// Schema v4: a fixity digest for every original input (`source.sha256`, `SourceDigest`), so
/// `verify` can tell whether the bytes kept are still the bytes that came in.
///
/// Inputs stored before v4 get the digest of what the archive holds when the migration runs:
/// from then on a change is caught, but a change made before it cannot be.
enum SchemaV4 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE source ADD COLUMN sha256 TEXT")
        let sources = try Row.fetchCursor(db, sql: "SELECT rowid, data FROM source")
        while let row = try sources.next() {
            let digest = SourceDigest.sha256(bytes: try PackedText.unpackBytes(row["data"]))
            try db.cachedStatement(sql: "UPDATE source SET sha256 = ? WHERE rowid = ?").execute(arguments: [digest, row["rowid"]])
        }
    }
}
