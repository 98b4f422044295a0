using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ContactImport.Core.Imports;
using ContactImport.Core.Reading;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using static ContactImport.Endpoints.Bulk.BulkWhereJson;

namespace ContactImport.Endpoints.Bulk;

/// <summary>
/// <c>/api/contacts/bulk/jobs</c>: an NDJSON body of any size becomes an import of format <c>ndjson</c> run by the
/// workers (progress, events, error report and rollback are the import's), with its status and per-line results here.
/// </summary>
public static class BulkJobEndpoints
{
    private static readonly string[] NdjsonTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl"];

    public static void MapBulkJobs(this RouteGroupBuilder bulk)
    {
        bulk.MapPost("/jobs", CreateAsync).DisableAntiforgery()
            .Accepts<string>("application/x-ndjson")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        bulk.MapGet("/jobs/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        bulk.MapGet("/jobs/{id:guid}/results", ResultsAsync)
            .Produces<BulkJobResultLine>(StatusCodes.Status200OK, "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Streams the body to the upload store under the upload limit, then queues it as an import.</summary>
    /// <param name="op"><c>create</c> (an existing contact is skipped) or <c>upsert</c> (updated, or merged with
    /// <c>duplicate_strategy=merge</c>).</param>
    private static async Task<Results<Accepted<BulkJobView>, ProblemHttpResult>> CreateAsync(HttpRequest request,
        ClaimsPrincipal user, Store store, IOptions<ServerOptions> options, ProcessScratch scratch, CancellationToken ct,
        string op = "create", string? duplicate_strategy = null, bool dry_run = false, bool skip_errors = true)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !NdjsonTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType,
                "Send the contacts as NDJSON (one JSON object per line) with Content-Type: application/x-ndjson.");
        }

        var strategy = (op, duplicate_strategy) switch
        {
            ("create", null or "skip") => "skip",
            ("upsert", null) => "update",
            ("upsert", "update" or "merge") => duplicate_strategy,
            _ => null,
        };
        if (strategy is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest,
                $"op must be create or upsert, and duplicate_strategy (upsert only) update or merge (got op={op}, duplicate_strategy={duplicate_strategy}).");
        }

        var payload = new JobPayload { DuplicateStrategy = strategy, DryRun = dry_run, SkipErrors = skip_errors };
        var limit = options.Value.Uploads.MaxBytes;
        if (request.ContentLength > limit)
        {
            return MultipartUpload.TooLarge(limit);
        }

        // The body holds personal data: only the process's private folder, removed on every path.
        var path = scratch.NewFile("contactimport-bulk", ".ndjson");
        try
        {
            long size;
            try
            {
                size = await MultipartUpload.CopyAsync(request.Body, path, limit, ct);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return MultipartUpload.TooLarge(limit);
            }

            if (size > limit)
            {
                return MultipartUpload.TooLarge(limit);
            }

            return await QueueAsync(path, payload, user, store, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<Results<Accepted<BulkJobView>, ProblemHttpResult>> QueueAsync(string path,
        JobPayload payload, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var companyId = user.CompanyId();
        ImportRecord record;
        try
        {
            (record, var inspection) = await new ImportService(store).CreateAsync(companyId, path, "bulk-job.ndjson",
                payload.ToRequest(), user.UserName(), null, requireContactKey: true, ct);
            if (inspection.Format != FileFormat.Ndjson)
            {
                await store.Imports.UpdateAsync(record with { FilePath = null, Status = ImportStatus.Failed,
                    Error = "not NDJSON" }, ct);
                return Problems.Of(StatusCodes.Status422UnprocessableEntity,
                    $"The body reads as {inspection.Format.ToString().ToLowerInvariant()}, not NDJSON: send one JSON object per line.",
                    "The body cannot be imported");
            }
        }
        catch (ImportFileException ex)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, ex.Message, "The body cannot be imported");
        }

        await using (var content = File.OpenRead(path))
        {
            await store.Uploads.SaveAsync(record.Id, content, ct);
        }

        await store.Imports.UpdateAsync(record with { FilePath = null }, ct);
        if (!await store.Imports.TransitionAsync(record.Id, [ImportStatus.Uploaded], ImportStatus.Queued, ct))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "The job could not be queued.");
        }

        await store.Jobs.EnqueueAsync(JobKinds.Import, record.Id, companyId, payload.ToJson(), ct);
        await store.Notifications.AuditAsync(companyId, user.UserName(), "bulk_job", record.Id, payload.ToJson(), ct);
        var queued = record with { Status = ImportStatus.Queued };
        return TypedResults.Accepted($"/api/contacts/bulk/jobs/{record.Id}", View(queued));
    }

    private static async Task<Results<Ok<BulkJobView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user,
        Store store, CancellationToken ct) =>
        await FindAsync(store, user, id, ct) is { } record ? TypedResults.Ok(View(record)) : NotFound(id);

    /// <summary>
    /// The job's results as NDJSON in input order: a line per failed input line (<c>index</c> = the 1-based line
    /// number among the data lines), then one summary line with the counts. Outcomes of lines that succeeded are not
    /// stored per line (an import keeps counts, not a row per contact); the summary gives them.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ResultsAsync(Guid id, HttpContext http,
        ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        if (await FindAsync(store, user, id, ct) is not { } record)
        {
            return NotFound(id);
        }

        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await foreach (var error in store.Imports.ReadErrorsAsync(id, ct))
        {
            var line = new BulkJobResultLine(error.Row, "failed", null,
                new BulkJobLineError("validation_failed", error.Reason, error.Column, error.Value), null);
            await writer.WriteLineAsync(JsonSerializer.Serialize(line, BulkWhereJsonContext.Default.BulkJobResultLine));
        }

        var summary = new BulkJobResultLine(null, null, null, null, View(record));
        await writer.WriteLineAsync(JsonSerializer.Serialize(summary, BulkWhereJsonContext.Default.BulkJobResultLine));
        await writer.FlushAsync(ct);
        return TypedResults.Empty;
    }

    private static async Task<ImportRecord?> FindAsync(Store store, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        await store.Imports.GetAsync(user.CompanyId(), id, ct) is { Format: "ndjson", DeletedAt: null } record ? record : null;

    private static BulkJobView View(ImportRecord r)
    {
        var self = $"/api/contacts/bulk/jobs/{r.Id}";
        return new BulkJobView(r.Id, r.Id, r.Status.ToWire(), r.Total, r.Counts.Inserted, r.Counts.Updated, r.Counts.Merged, r.Counts.Unchanged,
            r.Counts.Skipped, r.Counts.Failed, r.Error, new BulkJobLinks(self, self + "/results", $"/api/imports/{r.Id}",
                $"/api/imports/{r.Id}/events", $"/api/imports/{r.Id}/errors", $"/api/imports/{r.Id}/rollback"));
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.Of(StatusCodes.Status404NotFound, $"Bulk job {id} was not found.");
}
