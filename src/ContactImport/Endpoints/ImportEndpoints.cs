namespace ContactImport.Endpoints;

/// <summary><c>/api/imports</c>, one file per area: upload, lifecycle, events (progress), error report.</summary>
public static class ImportEndpoints
{
    public static void MapImports(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("imports");
        imports.MapUpload();
        imports.MapLifecycle();
        imports.MapEvents();
        imports.MapErrorReport();
    }
}
