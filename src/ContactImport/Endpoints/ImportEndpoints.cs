using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;
using ContactImport.Core.Reports;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Workers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContactImport.Endpoints;

/// <summary><c>/api/imports</c>: upload, execute, follow, cancel, roll back, retry, history, errors.</summary>
public static class ImportEndpoints
{
    private static readonly ImportStatus[] Executable =
        [ImportStatus.Uploaded, ImportStatus.Validated, ImportStatus.Failed, ImportStatus.Cancelled];

    private static readonly ImportStatus[] RollbackFrom =
        [ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Cancelled, ImportStatus.Failed];

    public static void MapImports(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("imports");
        imports.MapPost("/", UploadAsync).DisableAntiforgery();
        imports.MapGet("/", ListAsync);
        imports.MapGet("/template.csv", Template);
        imports.MapGet("/{id:guid}", DetailsAsync);
        imports.MapDelete("/{id:guid}", SoftDeleteAsync);
        imports.MapPost("/{id:guid}/execute", ExecuteAsync);
        imports.MapGet("/{id:guid}/status", StatusAsync);
        imports.MapGet("/{id:guid}/events", EventsAsync);
        imports.MapPost("/{id:guid}/cancel", CancelAsync);
        imports.MapDelete("/{id:guid}/rollback", RollbackAsync);
        imports.MapPost("/{id:guid}/retry", RetryAsync);
        imports.MapGet("/{id:guid}/errors", ErrorsAsync);
    }

    /// <summary>Streams the multipart file to a temporary file, never buffering it whole, under the size limit.</summary>
    private static async Task<IResult> UploadAsync(HttpRequest request, ClaimsPrincipal user, Store store,
        IOptions<ServerOptions> options, CancellationToken ct)
    {
        var limit = options.Value.Uploads.MaxBytes;
        if (request.ContentLength > limit + (1 << 20))
        {
            return TooLarge(limit);
        }

        var boundary = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return Problem(400, "Send the file as multipart/form-data in a field named 'file'.");
        }

        var path = Path.Combine(Path.GetTempPath(), $"contactimport-upload-{Guid.NewGuid():N}");
        try
        {
            string? fileName = null;
            long size = 0;
            try
            {
                var reader = new MultipartReader(boundary, request.Body);
                while (await reader.ReadNextSectionAsync(ct) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                        || !disposition.IsFileDisposition() || disposition.Name.Value != "file")
                    {
                        continue;
                    }

                    fileName = Path.GetFileName(disposition.FileName.Value ?? disposition.FileNameStar.Value ?? "upload.csv");
                    await using var file = File.Create(path);
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await section.Body.ReadAsync(buffer, ct)) > 0)
                    {
                        size += read;
                        if (size > limit)
                        {
                            return TooLarge(limit);
                        }

                        await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    }

                    break;
                }
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge(limit);
            }

            if (fileName is null)
            {
                return Problem(400, "No file: send multipart/form-data with the file in a field named 'file'.");
            }

            var companyId = user.CompanyId();
            var service = new ImportService(store);
            ImportRecord record;
            FileInspection inspection;
            try
            {
                (record, inspection) = await service.CreateAsync(companyId, path, fileName, new ImportRequest(),
                    user.UserName(), null, requireContactKey: false, ct);
            }
            catch (ImportFileException ex)
            {
                return Problem(422, ex.Message, "The file cannot be imported");
            }

            await using (var content = File.OpenRead(path))
            {
                await store.Uploads.SaveAsync(record.Id, content, ct);
            }

            await store.Imports.UpdateAsync(record with { FilePath = null }, ct);
            await store.Notifications.AuditAsync(companyId, user.UserName(), "upload", record.Id, fileName, ct);
            var suggested = HeaderMapper.Suggest(inspection.Headers)
                .GroupBy(b => b.Header, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => ContactFieldNames.ToName(g.First().Field), StringComparer.Ordinal);
            return ImportJson.Response(new ImportJson.Upload(
                record.Id, record.Status.ToWire(), record.FileName, record.SizeBytes, record.Format, record.Encoding,
                record.Separator, inspection.Headers, suggested, inspection.Preview, inspection.TotalRows,
                inspection.Warnings), StatusCodes.Status201Created);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<IResult> ExecuteAsync(Guid id, HttpRequest request, ClaimsPrincipal user, Store store,
        CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null || record.DeletedAt is not null)
        {
            return NotFound(id);
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
            return Problem(400, "The body is not valid JSON: " + ex.Message);
        }

        ImportRequest importRequest;
        try
        {
            importRequest = payload.ToRequest();
            var headers = ImportJson.Deserialize<string[]>(record.Headers ?? "[]") ?? [];
            var map = ImportService.BuildMap(headers, importRequest.Mapping);
            record = record with
            {
                Mapping = ImportService.MappingJson(map),
                Options = ImportJson.Serialize(importRequest.Options),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or ImportFileException)
        {
            return Problem(400, ex.Message);
        }

        if (!Executable.Contains(record.Status) || await store.Jobs.HasActiveAsync(id, ct)
            || !await store.Imports.TransitionAsync(id, Executable, ImportStatus.Queued, ct))
        {
            return Problem(409, $"The import is {record.Status.ToWire()} and cannot be executed now.");
        }

        await store.Imports.UpdateAsync(record with { Status = ImportStatus.Queued }, ct);
        await store.Jobs.EnqueueAsync(JobKinds.Import, id, record.CompanyId, payload.ToJson(), ct);
        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "execute", id, payload.ToJson(), ct);
        return ImportJson.Response(new ImportJson.ImportState(id, ImportStatus.Queued.ToWire()), StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StatusAsync(Guid id, ClaimsPrincipal user, Store store, ProgressHub hub,
        CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        return record is null ? NotFound(id) : ImportJson.Response(Progress(record, hub));
    }

    /// <summary>Server-Sent Events: <c>progress</c> at least once a second, then <c>completed</c> with the result.</summary>
    private static async Task EventsAsync(Guid id, HttpContext http, ClaimsPrincipal user, Store store, ProgressHub hub,
        CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            await NotFound(id).ExecuteAsync(http);
            return;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var tracker = hub.Find(id);
        var changed = new SemaphoreSlim(0);
        void OnChanged(Core.Pipeline.ImportProgress _) => changed.Release();
        if (tracker is not null)
        {
            tracker.Changed += OnChanged;
        }

        try
        {
            while (!ct.IsCancellationRequested)
            {
                record = await store.Imports.GetAsync(user.CompanyId(), id, ct) ?? record;
                // A failed import may still be retried by its job: only a final status with no job left ends the stream.
                if (record.Status.IsFinal() && !await store.Jobs.HasActiveAsync(id, ct))
                {
                    await WriteEventAsync(http, "progress", Progress(record, hub), ct);
                    await WriteEventAsync(http, "completed", ImportJson.ToResult(record), ct);
                    return;
                }

                await WriteEventAsync(http, "progress", Progress(record, hub), ct);
                await changed.WaitAsync(TimeSpan.FromMilliseconds(500), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            if (tracker is not null)
            {
                tracker.Changed -= OnChanged;
            }
        }
    }

    private static async Task<IResult> CancelAsync(Guid id, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return NotFound(id);
        }

        var ok = await store.Imports.TransitionAsync(id, [ImportStatus.Queued, ImportStatus.Running], ImportStatus.Cancelling, ct);
        if (!ok)
        {
            return Problem(409, $"The import is {record.Status.ToWire()} and cannot be cancelled.");
        }

        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "cancel", id, null, ct);
        return ImportJson.Response(new ImportJson.ImportState(id, ImportStatus.Cancelling.ToWire()), StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RollbackAsync(Guid id, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return NotFound(id);
        }

        if (!await store.Imports.TransitionAsync(id, RollbackFrom, ImportStatus.RollingBack, ct))
        {
            return Problem(409, $"The import is {record.Status.ToWire()} and cannot be rolled back.");
        }

        await store.Jobs.EnqueueAsync(JobKinds.Rollback, id, record.CompanyId, null, ct);
        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "rollback", id, null, ct);
        return ImportJson.Response(new ImportJson.ImportState(id, ImportStatus.RollingBack.ToWire()), StatusCodes.Status202Accepted);
    }

    /// <summary>A new import of only the failed rows (original columns), optionally with a corrected mapping.</summary>
    private static async Task<IResult> RetryAsync(Guid id, HttpRequest request, ClaimsPrincipal user, Store store,
        CancellationToken ct)
    {
        var original = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (original is null)
        {
            return NotFound(id);
        }

        if (original.Counts.Failed == 0)
        {
            return Problem(409, "The import has no failed rows to retry.");
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
            return Problem(400, ex.Message);
        }

        ImportRecord record;
        try
        {
            record = await new ImportService(store).CreateRetryAsync(original, importRequest, user.UserName(), ct);
        }
        catch (Exception ex) when (ex is ImportFileException or ArgumentException)
        {
            return Problem(400, ex.Message);
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
            return ImportJson.Response(new ImportJson.RetryState(record.Id, ImportStatus.Queued.ToWire(), id),
                StatusCodes.Status202Accepted);
        }
        finally
        {
            File.Delete(record.FilePath!);
        }
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, Store store, CancellationToken ct,
        int page = 1, int page_size = 50, string? status = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ImportStatus? filter = null;
        if (status is not null)
        {
            if (!ImportStatuses.TryParse(status, out var parsed))
            {
                return Problem(400, $"Unknown status '{status}'.");
            }

            filter = parsed;
        }

        var query = new ImportQuery(Math.Max(1, page), Math.Clamp(page_size, 1, 500), filter, from, to);
        var result = await store.Imports.ListAsync(user.CompanyId(), query, ct);
        var summary = await store.Imports.SummarizeAsync(user.CompanyId(), ct);
        return ImportJson.Response(new ImportJson.HistoryPage(
            result.Items.Select(Details.Summary), query.Page, query.PageSize, result.Total, summary));
    }

    private static async Task<IResult> DetailsAsync(Guid id, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        return record is null ? NotFound(id) : ImportJson.Response(await Details.ForAsync(store, record, ct));
    }

    private static async Task<IResult> SoftDeleteAsync(Guid id, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null || record.DeletedAt is not null)
        {
            return NotFound(id);
        }

        if (record.Status is ImportStatus.Queued or ImportStatus.Running or ImportStatus.Cancelling or ImportStatus.RollingBack)
        {
            return Problem(409, $"The import is {record.Status.ToWire()}; cancel it first.");
        }

        await store.Imports.UpdateAsync(record with { DeletedAt = DateTimeOffset.UtcNow }, ct);
        await store.Notifications.AuditAsync(record.CompanyId, user.UserName(), "delete", id, null, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ErrorsAsync(Guid id, HttpContext http, ClaimsPrincipal user, Store store,
        CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return NotFound(id);
        }

        var headers = ImportJson.Deserialize<string[]>(record.Headers ?? "[]") ?? [];
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"errors-{id}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await ErrorReport.WriteAsync(writer, headers, store.Imports.ReadErrorsAsync(id, ct), ct);
        return Results.Empty;
    }

    private static IResult Template() => Results.Text(
        "first_name,last_name,email,phone,company,job_title,city,country,tags,notes,external_id\r\n" +
        "Ada,Lovelace,ada@example.com,+44 20 7946 0958,Analytical Engines,Mathematician,London,United Kingdom,vip;pioneer,\"Met at the conference, 2024\",crm-1\r\n",
        "text/csv; charset=utf-8");

    private static ImportJson.ProgressJson Progress(ImportRecord record, ProgressHub hub)
    {
        var live = hub.Find(record.Id)?.Latest;
        return ImportJson.ToProgress(live ?? ImportJson.FromRecord(record), record.Status.ToWire());
    }

    private static async Task WriteEventAsync<T>(HttpContext http, string name, T data, CancellationToken ct)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {ImportJson.Serialize(data)}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }

    internal static IResult NotFound(Guid id) => Problem(404, $"Import {id} was not found.");

    internal static IResult Problem(int status, string detail, string? title = null) =>
        Results.Problem(statusCode: status, detail: detail, title: title);

    private static IResult TooLarge(long limit) =>
        Problem(413, $"The file is larger than the upload limit of {FormatLimit(limit)}.", "Upload too large");

    /// <summary>"200 MB", or exact bytes when the limit is not a whole number of megabytes (e.g. "1000 bytes").</summary>
    private static string FormatLimit(long limit) =>
        limit >= 1024 * 1024 && limit % (1024 * 1024) == 0
            ? $"{limit / (1024 * 1024)} MB"
            : $"{limit} bytes";
}
