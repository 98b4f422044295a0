using System.Text.Json.Serialization;
using ContactImport.Imports;
using ContactImport.Storage;

namespace ContactImport.Endpoints;

/// <summary>A page of contacts (API and <c>contacts --json</c>). <c>total</c> is exact up to 1,000 matches, then an
/// estimate and <c>total_is_estimate</c> is true; <c>next_cursor</c>, passed back as <c>cursor</c>, gives the next
/// page by keyset (null on the last page). The older fields keep their meaning.</summary>
public sealed record ContactListing(IEnumerable<ContactJsonView> Items, int Page, int PageSize, long Total,
    bool TotalIsEstimate, string? NextCursor)
{
    public static ContactListing From(ContactPage result, int page, int pageSize) =>
        new(result.Items.Select(ContactJsonView.From), page, pageSize, result.Total, result.TotalIsEstimate,
            result.NextCursor?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>What <c>contacts erase</c> and <c>DELETE /api/contacts/{id}?erase=true</c> removed.</summary>
public sealed record ErasureJson(string Status, int ContactsErased, int BeforeImagesErased, int ErrorRowsErased,
    int UploadsPurged, int UploadsKept, int NotificationsErased, int JobPayloadsErased)
{
    public static ErasureJson From(ErasureReport r) => new("erased", r.ContactsErased, r.BeforeImagesErased,
        r.ErrorRowsErased, r.UploadsPurged, r.UploadsKept, r.NotificationsErased, r.JobPayloadsErased);
}

[JsonSerializable(typeof(ContactListing))]
[JsonSerializable(typeof(ErasureJson))]
internal sealed partial class SearchJsonContext : JsonSerializerContext;
