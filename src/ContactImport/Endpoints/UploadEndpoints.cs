using System.Security.Claims;
using ContactImport.Core.Imports;
using ContactImport.Core.Reading;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ContactImport.Endpoints;

/// <summary><c>POST /api/imports</c> (the file, inspected and stored) and <c>GET /api/imports/template.csv</c>.</summary>
public static class UploadEndpoints
{
    public static void MapUpload(this RouteGroupBuilder imports)
    {
        imports.MapPost("/", UploadAsync).DisableAntiforgery()
            .AddOpenApiOperationTransformer(DescribeFileBody)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        imports.MapGet("/{id:guid}/preview", PreviewAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        imports.MapGet("/template.csv", Template).Produces<string>(StatusCodes.Status200OK, "text/csv");
    }

    private static async Task<Results<Created<ImportJson.Upload>, ProblemHttpResult>> UploadAsync(HttpRequest request,
        ClaimsPrincipal user, Store store, IOptions<ServerOptions> options, ProcessScratch scratch, CancellationToken ct)
    {
        var (upload, problem) = await MultipartUpload.ReceiveAsync(request, options.Value.Uploads.MaxBytes, scratch, ct);
        if (upload is null)
        {
            return problem!;
        }

        using (upload)
        {
            var companyId = user.CompanyId();
            ImportRecord record;
            FileInspection inspection;
            try
            {
                (record, inspection) = await new ImportService(store).CreateAsync(companyId, upload.Path, upload.FileName,
                    new ImportRequest(), user.UserName(), null, requireContactKey: false, ct);
            }
            catch (ImportFileException ex)
            {
                return Problems.Of(422, ex.Message, "The file cannot be imported");
            }

            await using (var content = File.OpenRead(upload.Path))
            {
                await store.Uploads.SaveAsync(record.Id, content, ct);
            }

            await store.Imports.UpdateAsync(record with { FilePath = null }, ct);
            await store.Notifications.AuditAsync(companyId, user.UserName(), "upload", record.Id, upload.FileName, ct);
            return TypedResults.Created($"/api/imports/{record.Id}", UploadView.Upload(record, inspection));
        }
    }

    /// <summary>
    /// The stored upload read again with another sheet (name or 1-based number) or encoding: headers, suggested
    /// mapping and preview, so the page can switch sheets without uploading again. Execute takes the same <c>sheet</c>.
    /// </summary>
    private static async Task<Results<Ok<ImportJson.SheetPreview>, ProblemHttpResult>> PreviewAsync(Guid id,
        ClaimsPrincipal user, Store store, ProcessScratch scratch, CancellationToken ct, string? sheet = null,
        string? encoding = null)
    {
        var record = await store.Imports.GetAsync(user.CompanyId(), id, ct);
        if (record is null || record.DeletedAt is not null)
        {
            return Problems.ImportNotFound(id);
        }

        try
        {
            var inspection = await UploadView.InspectStoredAsync(store, scratch, id,
                new ReadOptions { Sheet = sheet, Encoding = encoding }, ct);
            return inspection is null
                ? Problems.Of(404, "The uploaded file is no longer stored (retention period passed).")
                : TypedResults.Ok(UploadView.Preview(id, inspection));
        }
        catch (ImportFileException ex)
        {
            return Problems.Of(422, ex.Message, "The file cannot be read this way");
        }
    }

    /// <summary>The body is read by hand (streamed, never buffered), so the document is told its shape.</summary>
    private static Task DescribeFileBody(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken ct)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "file" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The contacts file (CSV/TSV, .xlsx, .xls, vCard or NDJSON) in a field named 'file'.",
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = schema } },
        };
        return Task.CompletedTask;
    }

    private static ContentHttpResult Template() => TypedResults.Text(Core.Contacts.ContactCsv.Template, "text/csv; charset=utf-8");
}
