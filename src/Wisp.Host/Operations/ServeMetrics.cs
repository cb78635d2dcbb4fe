using Prometheus;

namespace Wisp.Serving.Operations;

/// <summary>
/// The Prometheus metrics <c>/metrics</c> shows, in a registry of this server's own (so several servers
/// in one process, as in tests, do not mix). Label values are the route as written and the status code.
/// </summary>
public sealed class ServeMetrics
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.000_05, 2, 18); // 50 µs .. 6.5 s

    private readonly string[] _statusLabels = new string[1000];

    public ServeMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("wisp_requests_total", "HTTP requests answered, by route and status.", ["route", "status"]);
        RequestDuration = factory.CreateHistogram("wisp_request_duration_seconds", "Time from routing to the end of the response, by route.",
            ["route"], new HistogramConfiguration { Buckets = LatencyBuckets });
        InstantiationDuration = factory.CreateHistogram("wisp_instantiation_duration_seconds", "Time to create a request's store, WASI context and instance.",
            ["route"], new HistogramConfiguration { Buckets = LatencyBuckets });
        GuestDuration = factory.CreateHistogram("wisp_guest_run_duration_seconds", "Time the guest's _start ran, by route.",
            ["route"], new HistogramConfiguration { Buckets = LatencyBuckets });
        Traps = factory.CreateCounter("wisp_guest_traps_total", "Guests that trapped, by route and trap code.", ["route", "code"]);
        Timeouts = factory.CreateCounter("wisp_guest_timeouts_total", "Guests interrupted at their deadline (504), by route.", ["route"]);
        Rejected = factory.CreateCounter("wisp_requests_rejected_total", "Requests refused because every slot and the queue were full (503).");
        InstancesLive = factory.CreateGauge("wisp_instances_live", "Guest instances running now.");
        Queued = factory.CreateGauge("wisp_requests_queued", "Requests waiting for a slot now.");
        Reloads = factory.CreateCounter("wisp_reloads_total", "Application reloads, by result.", ["result"]);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public Counter Requests { get; }

    public Histogram RequestDuration { get; }

    public Histogram InstantiationDuration { get; }

    public Histogram GuestDuration { get; }

    public Counter Traps { get; }

    public Counter Timeouts { get; }

    public Counter Rejected { get; }

    public Gauge InstancesLive { get; }

    public Gauge Queued { get; }

    public Counter Reloads { get; }

    /// <summary>The status code as a label value, without allocating one per request.</summary>
    public string StatusLabel(int status) =>
        status is >= 0 and < 1000 ? _statusLabels[status] ??= status.ToString(System.Globalization.CultureInfo.InvariantCulture) : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
