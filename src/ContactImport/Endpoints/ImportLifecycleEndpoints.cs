using System.Security.Claims;
using System.Text.Json;
using ContactImport.Core.Imports;
using ContactImport.Core.Reading;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Workers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary>An import's lifecycle: list, details, execute, cancel, roll back, retry, delete.</summary>
public static class ImportLifecycleEndpoints
{
    private static readonly ImportStatus[] Executable =
        [ImportStatus.Uploaded, ImportStatus.Validated, ImportStatus.Failed, ImportStatus.Cancelled];

    private static readonly ImportStatus[] RollbackFrom =
        [ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Cancelled, ImportStatus.Failed];

    public static void MapLifecycle(this RouteGroupBuilder imports)
    {
        imports.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        imports.MapGet("/{id:guid}", DetailsAsync).ProducesProblem(StatusCodes.Status404NotFound);
        imports.MapDelete("/{id:guid}", SoftDeleteAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        imports.MapPost("/{id:guid}/execute", ExecuteAsync).Accepts<JobPayload>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        imports.MapPost("/{id:guid}/cancel", CancelAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        imports.MapDelete("/{id:guid}/rollback", RollbackAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        imports.MapPost("/{id:guid}/retry", RetryAsync).Accepts<JobPayload>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<ImportJson.HistoryPage>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user,
        Store store, CancellationToken ct, int page = 1, int page_size = 50, string? status = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ImportStatus? filter = null;
        if (status is not null)
        {
            if (!ImportStatuses.TryParse(status, out var parsed))
            {
                return Problems.Of(400, $"Unknown status '{status}'.");
            }

            filter = parsed;
        }

        var query = new ImportQuery(Math.Max(1, page), Math.Clamp(page_size, 1, 500), filter, from, to);
        var result = await store.Imports.ListAsync(user.CompanyId(), query, ct);
        var summary = await store.Imports.SummarizeAsync(user.CompanyId(), ct);
        return TypedResults.Ok(new ImportJson.HistoryPage(
            result.Items.Select(Details.Summary).ToList(), query.Page, query.PageSize, result.Total, summary));
    }

    private static async Task<Results<Ok<ImportDetails>, ProblemHttpResult>> DetailsAsync(Guid id, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return Problems.ImportNotFound(id);
        }

        var jobActive = await store.Jobs.HasActiveAsync(id, ct);
        return TypedResults.Ok(await Details.ForAsync(store, record, ct, jobActive));
    }

    /// <summary>Stores the resolved mapping and options on the import, then queues it: the run uses exactly these.</summary>
    private static async Task<Results<Accepted<ImportJson.ImportState>, ProblemHttpResult>> ExecuteAsync(Guid id,
        HttpRequest request, ClaimsPrincipal user, Store store, ProcessScratch scratch, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null || record.DeletedAt is not null)
        {
            return Problems.ImportNotFound(id);
        }

        JobPayload payload;
        try
        {
            payload = request.ContentLength is 0 || !request.HasJsonContentType()
                ? new JobPayload()
                : await request.ReadFromJsonAsync(ImportJson.TypeInfo<JobPayload>(), ct) ?? new JobPayload();
        }
        catch (JsonException ex)
        {
            return Problems.Of(400, "The body is not valid JSON: " + ex.Message);
        }

        try
        {
            var importRequest = payload.ToRequest();
            IReadOnlyList<string> headers = ImportJson.Deserialize<string[]>(record.Headers ?? "[]") ?? [];
            if (importRequest.Sheet is not null || importRequest.Encoding is not null)
            {
                // Another sheet (or encoding) has other headers: the mapping is checked against those, not the upload's.
                var inspection = await UploadView.InspectStoredAsync(store, scratch, id,
                    new ReadOptions { Sheet = importRequest.Sheet, Encoding = importRequest.Encoding }, ct);
                if (inspection is not null)
                {
                    headers = inspection.Headers;
                    record = record with { Headers = ImportJson.Serialize(inspection.Headers), Total = inspection.TotalRows };
                }
            }

            var map = ImportService.BuildMap(headers, importRequest.Mapping);
            record = record with
            {
                Mapping = ImportService.MappingJson(map),
                Options = ImportJson.Serialize(importRequest.Options),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or ImportFileException)
        {
            return Problems.Of(400, ex.Message);
        }

        if (!Executable.Contains(record.Status) || await store.Jobs.HasActiveAsync(id, ct)
            || !await store.Imports.TransitionAsync(id, Executable, ImportStatus.Queued, ct))
        {
            return Problems.Of(409, $"The import is {record.Status.ToWire()} and cannot be executed now.");
        }

        await store.Imports.UpdateAsync(record with { Status = ImportStatus.Queued }, ct);
        await store.Jobs.EnqueueAsync(JobKinds.Import, id, record.CompanyId, payload.ToJson(), ct);
        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "execute", id, payload.ToJson(), ct);
        return Accepted(new ImportJson.ImportState(id, ImportStatus.Queued.ToWire()));
    }

    private static async Task<Results<Accepted<ImportJson.ImportState>, ProblemHttpResult>> CancelAsync(Guid id,
        ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return Problems.ImportNotFound(id);
        }

        var ok = await store.Imports.TransitionAsync(id, [ImportStatus.Queued, ImportStatus.Running], ImportStatus.Cancelling, ct);
        if (!ok)
        {
            return Problems.Of(409, $"The import is {record.Status.ToWire()} and cannot be cancelled.");
        }

        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "cancel", id, null, ct);
        return Accepted(new ImportJson.ImportState(id, ImportStatus.Cancelling.ToWire()));
    }

    private static async Task<Results<Accepted<ImportJson.ImportState>, ProblemHttpResult>> RollbackAsync(Guid id,
        ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return Problems.ImportNotFound(id);
        }

        // A failed run whose job retries it is not settled yet (see ImportActions).
        if (await store.Jobs.HasActiveAsync(id, ct) || !await store.Imports.TransitionAsync(id, RollbackFrom, ImportStatus.RollingBack, ct))
        {
            return Problems.Of(409, $"The import is {record.Status.ToWire()} and cannot be rolled back.");
        }

        await store.Jobs.EnqueueAsync(JobKinds.Rollback, id, record.CompanyId, null, ct);
        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "rollback", id, null, ct);
        return Accepted(new ImportJson.ImportState(id, ImportStatus.RollingBack.ToWire()));
    }

    /// <summary>A new import of only the failed rows (original columns), optionally with a corrected mapping.</summary>
    private static async Task<Results<Accepted<ImportJson.RetryState>, ProblemHttpResult>> RetryAsync(Guid id,
        HttpRequest request, ClaimsPrincipal user, Store store, ProcessScratch scratch, CancellationToken ct)
    {
        var original = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (original is null)
        {
            return Problems.ImportNotFound(id);
        }

        if (!ImportActions.For(original, await store.Jobs.HasActiveAsync(id, ct)).CanRetry)
        {
            return Problems.Of(409, original.Counts.Failed == 0
                ? "The import has no failed rows to retry."
                : $"The import is {original.Status.ToWire()}; its failed rows can be retried once it has ended.");
        }

        JobPayload payload;
        ImportRequest importRequest;
        try
        {
            // A chunked body has no Content-Length: only an explicit 0 means "no body".
            var body = request.ContentLength is not 0 && request.HasJsonContentType()
                ? await request.ReadFromJsonAsync(ImportJson.TypeInfo<JobPayload>(), ct)
                : null;
            var previous = JobPayload.From(ImportService.PreviousRequest(original));
            payload = previous with { Mapping = body?.Mapping ?? previous.Mapping, DryRun = false };
            if (body?.NotificationEmail is not null)
            {
                payload = payload with { NotificationEmail = body.NotificationEmail };
            }

            importRequest = payload.ToRequest();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return Problems.Of(400, ex.Message);
        }

        ImportRecord record;
        try
        {
            (record, _) = await new ImportService(store).CreateRetryAsync(original, importRequest, user.UserName(), scratch, ct);
        }
        catch (Exception ex) when (ex is ImportFileException or ArgumentException)
        {
            return Problems.Of(400, ex.Message);
        }

        try
        {
            await using (var content = File.OpenRead(record.FilePath!))
            {
                await store.Uploads.SaveAsync(record.Id, content, ct);
            }

            await store.Imports.UpdateAsync(record with { FilePath = null, Status = ImportStatus.Queued }, ct);
            await store.Jobs.EnqueueAsync(JobKinds.Import, record.Id, record.CompanyId, payload.ToJson(), ct);
            await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "retry", record.Id, $"retry of {id}", ct);
            return TypedResults.Accepted($"/api/imports/{record.Id}",
                new ImportJson.RetryState(record.Id, ImportStatus.Queued.ToWire(), id));
        }
        finally
        {
            File.Delete(record.FilePath!);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SoftDeleteAsync(Guid id, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null || record.DeletedAt is not null)
        {
            return Problems.ImportNotFound(id);
        }

        if (record.Status is ImportStatus.Queued or ImportStatus.Running or ImportStatus.Cancelling or ImportStatus.RollingBack)
        {
            return Problems.Of(409, $"The import is {record.Status.ToWire()}; cancel it first.");
        }

        await store.Imports.UpdateAsync(record with { DeletedAt = DateTimeOffset.UtcNow }, ct);
        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "delete", id, null, ct);
        return TypedResults.NoContent();
    }

    private static Accepted<ImportJson.ImportState> Accepted(ImportJson.ImportState state) =>
        TypedResults.Accepted($"/api/imports/{state.ImportId}", state);
}
