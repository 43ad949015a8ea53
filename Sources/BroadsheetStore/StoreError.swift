/// Errors of the store, with what a user needs to act on them.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No archive at this path (opening read-only).
    case missingArchive(String)
    /// The file is not an archive, or one with migrations this version does not know.
    case notAnArchive(String)
    /// The archive was written by a newer version of Broadsheet.
    case newerSchema(String)
    case paperNameConflict(slug: String, stored: String, incoming: String)
    /// `--slug` for a paper the archive already knows under another slug.
    case paperSlugMismatch(name: String, stored: String, requested: String)
    case articleIDConflict(id: String, date: String)
    /// A stored original input no longer parses (it was stored by an older, laxer version).
    case unreadableSource(key: String, reason: String)
    /// Stored data that cannot be decoded: the archive is damaged.
    case damaged(String)
    /// A token of that name exists already (revoked or not: names are never reused).
    case tokenExists(String)
    /// The file system holding the archive at this path has no room left (SQLITE_FULL, which
    /// SQLite reports for ENOSPC); the write was rolled back.
    case diskFull(String)
    /// `backup` would overwrite this file.
    case backupExists(String)
    /// A PostgreSQL server that could not be reached: where, and what the network said.
    case serverUnreachable(host: String, port: Int, reason: String)
    /// The connection to a PostgreSQL server went while a statement ran on it (the server was
    /// stopped or restarted, the session ended): where, and what the server or network said.
    /// A write then was rolled back.
    case connectionLost(host: String, port: Int, reason: String)
    /// A PostgreSQL server that refused the user's credentials.
    case credentialsRefused(user: String, server: String, reason: String)
    /// A PostgreSQL archive named by URL whose database does not exist or cannot be used.
    case serverError(server: String, reason: String)
    /// `copy` into an archive that holds something already: how many articles, what else.
    case copyTargetNotEmpty(target: String, articles: Int, other: [String])
    /// `copy` from an archive with page scans, without saying where their files are and go.
    case copyNeedsMediaFolders(files: Int)

    public var description: String {
        switch self {
        case .missingArchive(let p): return "\(p): no archive here (run `broadsheet import` first)"
        case .notAnArchive(let p): return "\(p): not a Broadsheet archive"
        case .newerSchema(let p): return "\(p): written by a newer version of Broadsheet; upgrade to read it"
        case .paperNameConflict(let s, let stored, let incoming):
            return "paper slug “\(s)” already belongs to “\(stored)”, not “\(incoming)”; import “\(incoming)” with another --slug"
        case .paperSlugMismatch(let name, let stored, let requested):
            return "paper “\(name)” is already in the archive as “\(stored)”, not “\(requested)”; leave out --slug"
        case .articleIDConflict(let id, let date): return "article id “\(id)” already exists in another edition (\(date))"
        case .unreadableSource(let key, let reason): return "stored input \(key) can no longer be read: \(reason)"
        case .damaged(let what): return "the archive is damaged: \(what)"
        case .tokenExists(let name): return "a token named “\(name)” exists already (names are not reused, even after revoking)"
        case .diskFull(let p):
            return "disk full: no space left on the file system holding \(p); the write was rolled back and the archive is as it was"
        case .backupExists(let p): return "\(p) already exists; give a new file for the backup"
        case .serverUnreachable(let host, let port, let reason):
            return "cannot reach the PostgreSQL server at \(host):\(port): \(reason)"
        case .connectionLost(let host, let port, let reason):
            return "lost the connection to the PostgreSQL server at \(host):\(port): \(reason)"
        case .credentialsRefused(let user, let server, let reason):
            return "the PostgreSQL server \(server) refused the credentials of user “\(user)”: \(reason)"
        case .serverError(let server, let reason): return "\(server): \(reason)"
        case .copyTargetNotEmpty(let target, let articles, let other):
            let held = ([articles == 1 ? "1 article" : "\(articles) articles"] + other).joined(separator: ", ")
            return "\(target) is not empty (it holds \(held)); copy only into a new, empty archive"
        case .copyNeedsMediaFolders(let files):
            return "the source has page scans (\(files == 1 ? "1 file" : "\(files) files")) and no media folders were given to copy them from and to"
        }
    }

    /// A server that does not answer now but may soon (down, restarting, a connection lost):
    /// the web layer answers 503 with `Retry-After` for these, not 500.
    public var isUnavailable: Bool {
        switch self {
        case .serverUnreachable, .connectionLost: return true
        default: return false
        }
    }

    /// `error` is a `StoreError` that `isUnavailable`.
    public static func isUnavailable(_ error: any Error) -> Bool {
        (error as? StoreError)?.isUnavailable ?? false
    }
}
