using System.Security.Claims;
using System.Text;
using ContactImport.Core.Reports;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>GET /api/imports/{id}/errors</c>: the error report (errors and warnings) as CSV, streamed from the store.</summary>
public static class ImportErrorEndpoints
{
    public static void MapErrorReport(this RouteGroupBuilder imports) =>
        imports.MapGet("/{id:guid}/errors", ErrorsAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ErrorsAsync(Guid id, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null)
        {
            return Problems.ImportNotFound(id);
        }

        var headers = ImportJson.Deserialize<string[]>(record.Headers ?? "[]") ?? [];
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
            await ErrorReport.WriteAsync(writer, headers, store.Imports.ReadErrorsAsync(id, ct), ct,
                ErrorReport.HasSingleSource(record.Format));
        }, "text/csv; charset=utf-8", $"errors-{id}.csv");
    }
}
