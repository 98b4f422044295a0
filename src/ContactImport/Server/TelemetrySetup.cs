using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ContactImport.Server;

/// <summary>
/// OpenTelemetry for <c>serve</c> and <c>worker</c>: the product's <c>ContactImport</c> meter and activity source,
/// Npgsql's and (serve) ASP.NET Core's instruments. OTLP export only when the standard <c>OTEL_EXPORTER_OTLP_*</c>
/// variables name an endpoint (the exporter reads them itself); <c>serve</c> also offers a Prometheus scrape at
/// <c>/metrics</c>.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddContactImportTelemetry(this IServiceCollection services, bool web)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("contactimport"))
            .WithMetrics(m =>
            {
                // System.Runtime: the GC heap, working set and thread pool beside the product's own counts.
                m.AddMeter(Core.Telemetry.Name, "System.Runtime").AddNpgsqlInstrumentation();
                if (web)
                {
                    m.AddAspNetCoreInstrumentation().AddPrometheusExporter();
                }
            });
        if (OtlpConfigured())
        {
            // Spans only when something receives them: a listener records an activity for every request and every
            // database command, which costs a bulk call's allocations for nothing when no exporter is configured.
            otel.WithTracing(t =>
            {
                t.AddSource(Core.Telemetry.Name).AddNpgsql();
                if (web)
                {
                    t.AddAspNetCoreInstrumentation();
                }
            }).UseOtlpExporter();
        }

        return services;
    }

    /// <summary>The scrape endpoint (no key: counts and durations only, nothing personal).</summary>
    public static void MapMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint("/metrics");

    private static bool OtlpConfigured() =>
        new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
            .Any(name => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name)));
}
