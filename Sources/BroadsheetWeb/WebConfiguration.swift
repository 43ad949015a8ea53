import Logging

/// How the reader is served. The defaults are the ones of `broadsheet serve`.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Absolute base for links that leave the site (feeds, sitemap, OpenSearch, JSON-LD).
    /// Defaults to `http://host:port`.
    public var publicBaseURL: String
    public var logLevel: Logger.Level
    /// Longest search query accepted, in code points (as the OpenAPI document's maxLength).
    public var maxQueryLength: Int
    /// Longest request URI accepted, in bytes. The default holds the longest request the API's
    /// document allows: a 256-character query of 4-byte characters is 3 KB percent-encoded,
    /// and a withdrawal reason of 500 characters up to 6 KB.
    public var maxURILength: Int
    /// Largest request body accepted, imports aside; the reader takes no uploads, so this is small.
    public var maxBodySize: Int
    /// Largest file `POST /api/v1/imports` takes (413 above it).
    public var maxImportSize: Int
    /// Seconds a connection may stay open without a request before the server closes it; a
    /// response being written is never cut. Without it, connections that never send a request
    /// (or send its head a byte at a time) would hold a file descriptor each for ever.
    public var idleTimeout: Int
    /// How many rendered pages to keep; the archive is opened read-only, so a rendered page
    /// stays right for the life of the process. 0 turns the cache off.
    public var pageCacheSize: Int
    /// The media folder of the archive (`MediaStore`): page images, their derivatives and tiles.
    /// Nil: no page images are served.
    public var mediaRoot: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String? = nil, logLevel: Logger.Level = .info,
        maxQueryLength: Int = 256, maxURILength: Int = 8192, maxBodySize: Int = 16 * 1024, pageCacheSize: Int = 4096,
        maxImportSize: Int = 256 * 1024 * 1024, idleTimeout: Int = 30
    ) {
        self.idleTimeout = idleTimeout
        self.maxImportSize = maxImportSize
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL ?? "http://\(host):\(port)"
        self.logLevel = logLevel
        self.maxQueryLength = maxQueryLength
        self.maxURILength = maxURILength
        self.maxBodySize = maxBodySize
        self.pageCacheSize = pageCacheSize
    }
}
