import Hummingbird

/// The request context of the reader: Hummingbird's basic context with a small upload limit,
/// because no route of the reader reads a request body.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { 16 * 1024 }
}
