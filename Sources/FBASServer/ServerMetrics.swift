import Prometheus

/// The service's Prometheus metrics, in a registry of its own (no global metrics system):
/// requests by endpoint and status, their latency, analyses running and waiting, cache hits,
/// answers cut short by a time limit, and requests turned away.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let running: Gauge
    let waiting: Gauge
    let cacheHits: Counter
    let cacheMisses: Counter
    let timeouts: Counter
    let interrupted: Counter

    /// Latency buckets from a cached answer (milliseconds) to the longest time limit.
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                      .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
                                      .seconds(120)]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        running = registry.makeGauge(descriptor: Self.name("analyses_running", "Analyses running now."))
        waiting = registry.makeGauge(descriptor: Self.name("analyses_waiting", "Requests waiting for a worker."))
        cacheHits = registry.makeCounter(descriptor: Self.name("cache_hits_total", "Answers served from the cache."))
        cacheMisses = registry.makeCounter(descriptor: Self.name("cache_misses_total", "Answers computed (not in the cache)."))
        timeouts = registry.makeCounter(descriptor: Self.name("timeouts_total",
                                                              "Answers cut short by their time limit (status timeout or tooLarge)."))
        interrupted = registry.makeCounter(descriptor: Self.name("interrupted_total",
                                                                 "Analyses stopped because the client went away or the server shut down."))
    }

    /// Counts one answered request. `endpoint` is a route of the service or `unmatched`, never
    /// the client's path, so a scan of random URLs cannot grow the series without bound.
    func record(endpoint: String, method: String, status: Int, duration: Duration) {
        let labels = [("endpoint", endpoint), ("method", method), ("status", String(status))]
        registry.makeCounter(descriptor: Self.name("http_requests_total", "HTTP requests answered, by endpoint, method and status."),
                             labels: labels).increment()
        registry.makeDurationHistogram(descriptor: Self.name("http_request_duration", "Time from receipt to answer.", unit: "seconds"),
                                       labels: [("endpoint", endpoint)], buckets: Self.buckets).record(duration)
    }

    static func name(_ metric: String, _ help: String, unit: String? = nil) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "fbas", metricName: metric, unitName: unit ?? "", helpText: help)
    }

    /// The gate's load, read when scraped.
    func observe(load: (running: Int, waiting: Int)) {
        running.set(Double(load.running))
        waiting.set(Double(load.waiting))
    }

    /// The registry in Prometheus' text format.
    func text() -> [UInt8] { registry.emitToBuffer() }
}
