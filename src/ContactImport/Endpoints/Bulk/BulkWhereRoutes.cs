namespace ContactImport.Endpoints.Bulk;

/// <summary>update-where, change sets and NDJSON bulk jobs under <c>/api/contacts/bulk</c>.</summary>
public static class BulkWhereRoutes
{
    public static void MapBulkWhere(this RouteGroupBuilder api)
    {
        var bulk = api.MapGroup("/contacts/bulk").WithTags("bulk");
        bulk.MapUpdateWhere();
        bulk.MapChangeSets();
        bulk.MapBulkJobs();
    }
}
