import BroadsheetStore
import Hummingbird
import Metrics
import Prometheus

/// Operations: liveness, Prometheus metrics.
enum OpsController {
    /// 200 with `ok` while the archive answers a trivial read.
    static func health(_ site: Site) async throws -> Response {
        _ = try await site.store.papers()
        return Site.response("ok\n", contentType: "text/plain; charset=utf-8")
    }

    static func metrics() -> Response {
        Site.response(ByteBuffer(bytes: WebMetrics.registry.emitToBuffer()), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}

/// The process-wide Prometheus registry behind swift-metrics. `MetricsSystem` may be bootstrapped
/// only once per process, and both `broadsheet serve` and every test build an application, so the
/// bootstrap happens on first use of this value.
public enum WebMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
