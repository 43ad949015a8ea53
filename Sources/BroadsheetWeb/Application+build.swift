import BroadsheetCore
import BroadsheetStore
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the reader and API over `store`. `broadsheet serve`, `broadsheet demo` and the route
/// tests all call this one function, so the tests exercise exactly what is served.
/// `onListening` is called with the port once the server listens (so a URL is printed only then).
public func buildApplication(
    store: any ArchiveStore, configuration: WebConfiguration = .init(), logger: Logger? = nil,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    // Bootstraps swift-metrics before any middleware creates a metric, or those would be no-ops.
    _ = WebMetrics.registry
    var logger = logger ?? Logger(label: "broadsheet.web")
    logger.logLevel = configuration.logLevel
    let site = Site(store: store, resources: try await WebResources.load(), configuration: configuration,
                    cache: PageCache(capacity: configuration.pageCacheSize))
    let router = buildRouter(site)
    return Application(
        responder: HeadAsGetResponder(base: router.buildResponder()),
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Broadsheet"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// Runs `application` as a service of a `ServiceGroup` until SIGINT or SIGTERM, then lets
/// requests in flight finish before returning.
public func runApplication(_ application: some ApplicationProtocol, logger: Logger, services: [any Service] = []) async throws {
    let group = ServiceGroup(configuration: .init(
        services: [application] + services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

func buildRouter(_ site: Site) -> Router<WebRequestContext> {
    let router = Router(context: WebRequestContext.self)
    // Outermost first: every request is logged and counted with its final status, errors become
    // pages before metrics see them, and limits are checked before any handler runs.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorPageMiddleware(site: site))
    router.add(middleware: FreshnessMiddleware(site: site))
    router.add(middleware: RequestLimitsMiddleware(
        maxURILength: site.configuration.maxURILength, maxQueryLength: site.configuration.maxQueryLength,
        maxBodySize: site.configuration.maxBodySize, maxImportSize: site.configuration.maxImportSize))
    let methods = RouteMethods()
    router.add(middleware: AllowedMethodsMiddleware(routes: methods))
    let routes = RecordedRoutes(router: router, methods: methods)

    typealias Route = SiteURL.Route

    // MARK: Reader pages
    routes.get(Route.home) { _, _ in
        try await site.html("home", HomeController.view(site))
    }
    routes.get(Route.paper) { request, context in
        let slug = context.parameters.text("paper")
        let year = request.uri.queryParameters.get("year")
        return try await site.cachedHTML(request, variant: year.map { "year=" + $0 }) {
            ("paper", try await PaperController.view(site, slug: slug, year: year))
        }
    }
    routes.get(Route.edition) { request, context in
        let slug = context.parameters.text("paper")
        let date = try Site.date(context.parameters.text("date"))
        if await PublishController.mayPreview(site, request), let preview = try await site.store.embargoedEdition(paper: slug, date: date) {
            return PublishController.privately(site.html("edition", try await EditionController.view(site, slug: slug, date: date, preview: preview)))
        }
        return try await site.cachedHTML(request) { ("edition", try await EditionController.view(site, slug: slug, date: date)) }
    }
    routes.get(Route.page) { request, context in
        let slug = context.parameters.text("paper")
        let date = try Site.date(context.parameters.text("date"))
        let number = try Site.pageNumber(context.parameters.text("page"))
        // A page opened from a search marks the query's words on its image: not one for the cache.
        if let q = request.uri.queryParameters.get("q"), !q.isEmpty {
            return site.html("page", try await PageController.view(site, slug: slug, date: date, number: number, query: q))
        }
        return try await site.cachedHTML(request) { ("page", try await PageController.view(site, slug: slug, date: date, number: number)) }
    }
    routes.get(Route.pageZoom) { request, context in
        let slug = context.parameters.text("paper")
        let date = try Site.date(context.parameters.text("date"))
        let number = try Site.pageNumber(context.parameters.text("page"))
        return try await site.cachedHTML(request) { ("page", try await PageController.view(site, slug: slug, date: date, number: number, zoom: true)) }
    }
    routes.get(Route.article) { request, context in
        let id = context.parameters.text("id")
        if await PublishController.mayPreview(site, request), let preview = try await site.store.embargoedArticle(id: id) {
            return PublishController.privately(site.html("article", try await ArticleController.view(site, id: id, preview: preview)))
        }
        return try await site.cachedHTML(request) { ("article", try await ArticleController.view(site, id: id)) }
    }
    routes.get(Route.version) { request, context in
        try await site.cachedHTML(request) {
            ("version", try await VersionController.view(site, id: context.parameters.text("id"), seq: context.parameters.text("seq"), diff: false))
        }
    }
    routes.get(Route.versionDiff) { request, context in
        try await site.cachedHTML(request) {
            ("version", try await VersionController.view(site, id: context.parameters.text("id"), seq: context.parameters.text("seq"), diff: true))
        }
    }
    routes.get(Route.apiVersions) { _, context in try await VersionController.api(site, id: context.parameters.text("id")) }
    routes.get(Route.byline) { request, context in
        let name = context.parameters.text("name")
        let page = Int(request.uri.queryParameters.get("p") ?? "1") ?? 0
        return try await site.html("byline", BylineController.view(site, name: name, page: page))
    }
    routes.get("/search.atom") { request, _ in
        let feed = try await FeedController.searchFeed(site, form: SearchController.form(request.uri.queryParameters))
        return Site.response(site.resources.render("atom", feed), contentType: "application/atom+xml; charset=utf-8")
    }
    routes.get("/kwic") { request, _ in
        try await ConcordanceController.page(site, parameters: request.uri.queryParameters)
    }
    routes.get("/kwic.csv") { request, _ in
        try await ConcordanceController.csv(site, parameters: request.uri.queryParameters)
    }
    routes.get("/trends") { request, _ in
        try await TrendsController.page(site, parameters: request.uri.queryParameters)
    }
    routes.get("/trends.csv") { request, _ in
        try await TrendsController.csv(site, parameters: request.uri.queryParameters)
    }
    routes.get("/api/v1/trends") { request, _ in
        try await TrendsController.api(site, parameters: request.uri.queryParameters)
    }
    routes.get(Route.searchCSV) { request, _ in
        try SearchController.export(site, form: SearchController.form(request.uri.queryParameters), format: .csv)
    }
    routes.get(Route.searchJSONL) { request, _ in
        try SearchController.export(site, form: SearchController.form(request.uri.queryParameters), format: .jsonl)
    }
    routes.get(Route.search) { request, _ in
        try await SearchController.page(site, form: SearchController.form(request.uri.queryParameters))
    }

    // MARK: Feeds and discovery
    routes.get(Route.paperFeed) { _, context in
        let feed = try await FeedController.paperFeed(site, slug: context.parameters.text("paper"))
        return Site.response(site.resources.render("atom", feed), contentType: "application/atom+xml; charset=utf-8")
    }
    routes.get(Route.sectionFeed) { _, context in
        let feed = try await FeedController.sectionFeed(site, slug: context.parameters.text("paper"), section: context.parameters.text("section"))
        return Site.response(site.resources.render("atom", feed), contentType: "application/atom+xml; charset=utf-8")
    }
    routes.get(Route.sitemap) { _, _ in
        Site.response(site.resources.render("sitemapindex", try await FeedController.sitemapIndex(site)), contentType: "application/xml; charset=utf-8")
    }
    routes.get(Route.sitemapPapers) { _, _ in
        Site.response(site.resources.render("sitemap", try await FeedController.sitemapPapers(site)), contentType: "application/xml; charset=utf-8")
    }
    routes.get(Route.sitemapMonth) { _, context in
        let sitemap = try await FeedController.sitemapMonth(site, slug: context.parameters.text("paper"), month: context.parameters.text("month"))
        return Site.response(site.resources.render("sitemap", sitemap), contentType: "application/xml; charset=utf-8")
    }
    routes.get(Route.openSearch) { _, _ in
        Site.response(site.resources.render("opensearch", FeedController.OpenSearch(base: site.configuration.publicBaseURL)),
                      contentType: "application/opensearchdescription+xml; charset=utf-8")
    }

    // MARK: Operations and static files
    routes.get(Route.healthz) { _, _ in try await OpsController.health(site) }
    routes.get(Route.metrics) { _, _ in OpsController.metrics() }
    routes.get(Route.staticFile) { request, context in
        // Looked up by name in the table loaded at start; no path ever reaches the file system.
        guard let file = site.resources.staticFiles[context.parameters.text("file")] else {
            throw WebError.notFound("没有这个文件")
        }
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: [.eTag: file.etag])
        }
        var response = Site.response(file.bytes, contentType: file.contentType)
        response.headers[.eTag] = file.etag
        response.headers[.cacheControl] = "public, max-age=3600"
        return response
    }

    // MARK: Page images and IIIF
    routes.get(Route.media) { request, context in
        try MediaController.file(site, request: request, sha256: context.parameters.text("sha"),
                                 relative: context.parameters.getCatchAll().joined(separator: "/"))
    }
    routes.get(Route.iiifInfo) { _, context in try MediaController.info(site, sha256: context.parameters.text("sha")) }
    routes.get(Route.iiifTile) { request, context in
        try MediaController.tile(site, request: request, sha256: context.parameters.text("sha"),
                                 path: context.parameters.getCatchAll().joined(separator: "/"))
    }
    routes.get(Route.iiifManifest) { _, context in
        try await IIIFController.manifest(site, slug: context.parameters.text("paper"), date: Site.date(context.parameters.text("date")))
    }

    // MARK: JSON API
    routes.get(Route.apiPapers) { _, _ in try await APIController.json(APIController.papers(site)) }
    routes.get(Route.apiPaper) { _, context in
        try await APIController.json(APIController.paper(site.paper(slug: context.parameters.text("paper"))))
    }
    routes.get(Route.apiEditions) { _, context in
        try await APIController.json(APIController.editions(site, slug: context.parameters.text("paper")))
    }
    routes.get(Route.apiEdition) { _, context in
        let date = try Site.date(context.parameters.text("date"))
        return try await APIController.json(APIController.edition(site, slug: context.parameters.text("paper"), date: date))
    }
    routes.get(Route.apiPage) { _, context in
        let date = try Site.date(context.parameters.text("date"))
        let number = try Site.pageNumber(context.parameters.text("page"))
        return try await APIController.json(APIController.page(site, slug: context.parameters.text("paper"), date: date, number: number))
    }
    routes.get(Route.apiArticle) { request, context in
        let id = context.parameters.text("id")
        if await PublishController.mayPreview(site, request), let preview = try await site.store.embargoedArticle(id: id) {
            return PublishController.privately(try APIController.json(ArticleJSONL.document(preview.content)))
        }
        return try await APIController.json(ArticleJSONL.document(site.article(id: id) { SiteURL.apiArticle(id: $0.id) }))
    }
    // MARK: Writes (token required)
    routes.post(Route.apiImports) { request, _ in try await PublishController.importFile(site, request) }
    routes.delete(Route.apiArticle) { request, context in
        try await PublishController.withdraw(site, request, id: context.parameters.text("id"))
    }
    routes.post(Route.apiRestore) { request, context in
        try await PublishController.restore(site, request, id: context.parameters.text("id"))
    }
    routes.get(Route.apiLog) { request, _ in try await PublishController.log(site, request) }
    routes.get(Route.apiSearch) { request, _ in
        try await SearchController.api(site, form: SearchController.form(request.uri.queryParameters))
    }
    routes.get(Route.openAPI) { _, _ in
        Site.response(site.resources.openAPI, contentType: "application/json; charset=utf-8")
    }
    return router
}

/// Adds routes to the router and records each one's method in `RouteMethods`, so that the
/// `Allow` of a 405 lists what the routes answer.
struct RecordedRoutes {
    let router: Router<WebRequestContext>
    let methods: RouteMethods
    typealias Handler<Output: ResponseGenerator> = @Sendable (Request, WebRequestContext) async throws -> Output

    func get<Output: ResponseGenerator>(_ pattern: String, use handler: @escaping Handler<Output>) {
        add(pattern, .get, handler)
    }

    func post<Output: ResponseGenerator>(_ pattern: String, use handler: @escaping Handler<Output>) {
        add(pattern, .post, handler)
    }

    func delete<Output: ResponseGenerator>(_ pattern: String, use handler: @escaping Handler<Output>) {
        add(pattern, .delete, handler)
    }

    private func add<Output: ResponseGenerator>(_ pattern: String, _ method: HTTPRequest.Method, _ handler: @escaping Handler<Output>) {
        methods.record(pattern, method)
        router.on(RouterPath(pattern), method: method, use: handler)
    }
}
