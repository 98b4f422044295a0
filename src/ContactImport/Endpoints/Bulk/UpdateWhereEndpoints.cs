using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using ContactImport.Core;
using ContactImport.Core.Bulk;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using static ContactImport.Endpoints.Bulk.BulkWhereJson;

namespace ContactImport.Endpoints.Bulk;

/// <summary>
/// <c>POST /api/contacts/bulk/update-where</c>: sets fields (and adds tags) on every contact of the company a
/// whitelisted filter matches, guarded by <c>expected_count</c> and <c>max_affected</c>, reversible through the change
/// set it returns.
/// </summary>
public static class UpdateWhereEndpoints
{
    public static void MapUpdateWhere(this RouteGroupBuilder bulk)
    {
        bulk.MapPost("/update-where", UpdateWhereAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<UpdateWhereResponse>, ProblemHttpResult>> UpdateWhereAsync(UpdateWhereBody body,
        ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        var (command, problem) = Read(body, user.UserName());
        if (command is null)
        {
            return problem!;
        }

        var started = Stopwatch.GetTimestamp();
        UpdateWhereResult result;
        using (Telemetry.Source.StartActivity("bulk.update_where"))
        {
            result = await store.ChangeSets.UpdateWhereAsync(user.CompanyId(), command, ct);
        }

        BulkWhereMetrics.UpdateWhere(result, Stopwatch.GetElapsedTime(started));
        return result.Outcome switch
        {
            UpdateWhereOutcome.CountMismatch => Problem(StatusCodes.Status409Conflict,
                $"{result.Matched} contacts match, not the expected {command.ExpectedCount}; nothing was written.",
                "expected_count does not match", Code("count_mismatch", result, ("expected_count", command.ExpectedCount))),
            UpdateWhereOutcome.LimitExceeded => Problem(StatusCodes.Status422UnprocessableEntity,
                $"{result.Updated} contacts would change, more than max_affected = {command.MaxAffected}; nothing was written.",
                "limit_exceeded", Code("limit_exceeded", result, ("max_affected", command.MaxAffected))),
            _ => TypedResults.Ok(new UpdateWhereResponse(
                new UpdateWhereSummary(result.Matched, result.Updated, result.Unchanged, result.ChangeSetId),
                result.Outcome == UpdateWhereOutcome.DryRun,
                result.ChangeSetId is { } id ? ChangeSetEndpoints.LinksFor(id) : null)),
        };
    }

    /// <summary>The command, or a 400 naming the filter or field that is wrong.</summary>
    private static (UpdateWhereCommand? Command, ProblemHttpResult? Problem) Read(UpdateWhereBody body, string userName)
    {
        if (body.Where is not { Count: > 0 } where)
        {
            return (null, BadRequest($"where needs at least one condition. Filters: {string.Join(", ", ContactFilter.Names)}."));
        }

        var conditions = new List<KeyValuePair<string, string?>>();
        foreach (var (name, value) in where)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return (null, BadRequest(ContactFilter.Names.Contains(name)
                    ? $"where.{name}: give the value as a string."
                    : $"where.{name} is not a filter. Filters: {string.Join(", ", ContactFilter.Names)}."));
            }

            conditions.Add(new(name, value.GetString()));
        }

        var filter = ContactFilter.Parse(conditions, out var whereError);
        if (filter is null)
        {
            return (null, BadRequest(whereError!));
        }

        var values = new List<KeyValuePair<string, string?>>();
        foreach (var (name, value) in body.Set ?? [])
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    values.Add(new(name, value.GetString()));
                    break;
                case JsonValueKind.Null:
                    values.Add(new(name, null));
                    break;
                case JsonValueKind.Array when name == "tags" && value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String):
                    // One cell in the import's list form; a tag holding ';' or ',' is split like a file's.
                    values.Add(new(name, string.Join(';', value.EnumerateArray().Select(t => t.GetString()))));
                    break;
                default:
                    return (null, BadRequest($"set.{name}: give a string, or null to clear the field (tags: a list of strings)."));
            }
        }

        var set = ContactSet.Parse(values, out var setError);
        if (set is null)
        {
            return (null, BadRequest(setError!));
        }

        if (body.ExpectedCount < 0 || body.MaxAffected < 0)
        {
            return (null, BadRequest("expected_count and max_affected cannot be negative."));
        }

        var request = JsonSerializer.Serialize(new Dictionary<string, JsonElement>
        {
            ["where"] = JsonSerializer.SerializeToElement(where, BulkWhereJsonContext.Default.DictionaryStringJsonElement),
            ["set"] = JsonSerializer.SerializeToElement(body.Set ?? [], BulkWhereJsonContext.Default.DictionaryStringJsonElement),
        }, BulkWhereJsonContext.Default.DictionaryStringJsonElement);
        return (new UpdateWhereCommand(filter, set, body.ExpectedCount, body.MaxAffected, body.DryRun, request, userName), null);
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        Problems.Of(StatusCodes.Status400BadRequest, detail, "validation_failed");

    /// <summary>A refused guard: problem+json whose <c>code</c>, <c>matched</c> and <c>would_update</c> let a script decide.</summary>
    private static ProblemHttpResult Problem(int status, string detail, string title, Dictionary<string, object?> extensions) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    private static Dictionary<string, object?> Code(string code, UpdateWhereResult result, (string Name, long? Value) guard) =>
        new()
        {
            ["code"] = code,
            ["matched"] = result.Matched,
            ["would_update"] = result.Updated,
            [guard.Name] = guard.Value,
        };
}
