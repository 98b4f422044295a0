using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ContactImport.Server;

/// <summary>Names the API and says how to authenticate, so the reference page can send the key.</summary>
internal sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    private const string Scheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        document.Info.Title = "ContactImport API";
        document.Info.Description = "Import contact files, follow the import, roll it back; manage contacts, keys and notifications.";
        document.AddComponent<IOpenApiSecurityScheme>(Scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (`contactimport keys create`) as `Authorization: Bearer <key>`.",
        });
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
        return Task.CompletedTask;
    }
}
