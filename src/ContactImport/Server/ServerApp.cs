using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Imports;
using ContactImport.Endpoints;
using ContactImport.Endpoints.Bulk;
using ContactImport.Storage;
using ContactImport.Sync;
using ContactImport.Users;
using ContactImport.Workers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Scalar.AspNetCore;

namespace ContactImport.Server;

/// <summary>Builds the service: <c>serve</c> = API + in-process workers; <c>worker</c> = workers only.</summary>
public static class ServerApp
{
    /// <summary><c>worker</c>: job workers only, no HTTP listener.</summary>
    public static IHost BuildWorker(string[] args, string database, int? workers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddCore(builder.Services, builder.Configuration, builder.Logging, database, workers);
        builder.Services.AddServiceOperations(web: false);
        var host = builder.Build();
        host.StartWorkerOperations();
        return host;
    }

    private static void AddCore(IServiceCollection services, IConfigurationManager configuration, ILoggingBuilder logging,
        string database, int? workers)
    {
        configuration.AddEnvironmentVariables("CONTACTIMPORT_");
        services.Configure<ServerOptions>(configuration.GetSection(ServerOptions.Section));
        logging.AddSimpleConsole(o => o.SingleLine = true);
        services.AddSingleton<Store>(_ => StoreFactory.Create(database));
        services.AddSingleton<ProgressHub>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<Notifier>();
        var workerCount = workers ?? configuration.GetValue<int?>($"{ServerOptions.Section}:Workers:Count") ?? 1;
        for (var i = 0; i < workerCount; i++)
        {
            services.AddSingleton<IHostedService, JobWorker>();
        }

        services.AddHostedService<RetentionService>();
        services.AddHostedService<SearchIndexer>();
        services.AddUserPhones(database);
        // SIGTERM: workers finish the open batch and hand their job back; allow that time.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
    }

    /// <summary><c>serve</c>: API + in-process workers.</summary>
    public static WebApplication Build(string[] args, string database, string? urls, int? workers)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // The UI (index.html, app.js, app.css) is copied next to the binary (see ContactImport.csproj).
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        AddCore(builder.Services, builder.Configuration, builder.Logging, database, workers);
        // Outages, temporary files, health, 503/429, metrics (HealthOperations).
        builder.Services.AddServiceOperations(web: true).AddWebOperations(builder.Configuration);
        builder.Services.AddHostedService<HeapPacer>();
        {
            var maxBytes = builder.Configuration.GetValue<long?>($"{ServerOptions.Section}:Uploads:MaxBytes")
                           ?? new UploadOptions().MaxBytes;
            // Multipart framing adds a little; the upload endpoint enforces the exact file limit itself.
            builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = maxBytes + (1 << 20));
            builder.Services.AddProblemDetails();
            builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiDocumentInfo>().AddSchemaTransformer<ContactOpenApiSchema>());
            builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
            builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
            builder.Services.AddAuthorization(ApiPolicies.Add);
            builder.Services.AddContactSync(builder.Configuration);
            // Bodies bound by the endpoints (and problem details) resolve through the same generated contracts.
            builder.Services.ConfigureHttpJsonOptions(o =>
            {
                o.SerializerOptions.PropertyNamingPolicy = ImportJson.Http.PropertyNamingPolicy;
                o.SerializerOptions.Encoder = ImportJson.Http.Encoder;
                o.SerializerOptions.TypeInfoResolverChain.Insert(0, ImportJson.Http.TypeInfoResolver!);
                o.SerializerOptions.TypeInfoResolverChain.Insert(1, Users.UserJsonContext.Default);
                o.SerializerOptions.TypeInfoResolverChain.Add(Endpoints.Bulk.BulkWhereJsonContext.Default);
                o.SerializerOptions.TypeInfoResolverChain.Add(Bulk.BulkJsonContext.Default);
                o.SerializerOptions.TypeInfoResolverChain.Add(Endpoints.SearchJsonContext.Default);
                o.SerializerOptions.TypeInfoResolverChain.Add(SyncJsonContext.Default);
            });
        }

        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }

        var app = builder.Build();
        {
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            // The web UI is public static content; its API calls carry the key (Authorization: Bearer).
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseWebOperations();
            // The OpenAPI document and its reference page (Scalar, /scalar) are public, like health.
            app.MapOpenApi();
            app.MapScalarApiReference();
            app.MapHealthChecks("/healthz");
            // Admin or member keys unless a group narrows it (keys, users: admin); sync keys reach only `anyRole`.
            var group = app.MapGroup("/api").RequireAuthorization(ApiPolicies.Member);
            group.MapImports();
            group.MapContacts();
            group.MapNotifications();
            group.MapKeys();
            group.MapFields();
            group.MapUsers();
            group.MapBulkWhere();
            Endpoints.Bulk.BulkEndpoints.MapBulk(group);
            var anyRole = app.MapGroup("/api").RequireAuthorization(ApiPolicies.AnyRole);
            anyRole.MapMe();
            anyRole.MapContactSync();
        }

        return app;
    }
}

/// <summary><c>/healthz</c>: healthy when the database answers.</summary>
internal sealed class DatabaseHealthCheck(Store store) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.Imports.ListAsync(0, new ImportQuery(PageSize: 1), cancellationToken);
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(store.Kind);
        }
        catch (Exception ex)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
