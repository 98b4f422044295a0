using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Storage;

/// <summary>One page of a company's contacts.</summary>
/// <param name="Total">Exact up to <see cref="ContactQuery.ExactTotalLimit"/> matches; past it an estimate
/// (<paramref name="TotalIsEstimate"/>), so no page counts a million rows.</param>
/// <param name="NextCursor">The id to pass as <see cref="ContactQuery.After"/> for the next page; null on the last.</param>
public sealed record ContactPage(IReadOnlyList<StoredContact> Items, long Total, bool TotalIsEstimate = false,
    long? NextCursor = null);

/// <summary>What a list asks for: a search (see <see cref="ContactSearchTerm"/>) and a page, by number (offset) or
/// after a cursor (keyset: the next page after the contact id <paramref name="After"/>, as fast on page 20,000 as on 1).</summary>
public sealed record ContactQuery(string? Search = null, int Page = 1, int PageSize = 50, long? After = null)
{
    public const int ExactTotalLimit = 1000;
}

/// <summary>A company's contacts one at a time (the API, export); imports write them in bulk through
/// <see cref="ContactImport.Core.Pipeline.IImportTarget"/>.</summary>
public interface IContactStore
{
    Task<ContactPage> ListAsync(long companyId, string? search, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>A page of the company's contacts in id order: scoped by company first, a full e-mail or an
    /// international phone number looked up by its key, other text through the dialect's search index.</summary>
    Task<ContactPage> ListAsync(long companyId, ContactQuery query, CancellationToken cancellationToken);

    /// <summary>Every contact of the company in id order, streamed (export, snapshots).</summary>
    IAsyncEnumerable<StoredContact> ReadAllAsync(long companyId, CancellationToken cancellationToken);

    Task<StoredContact?> GetAsync(long companyId, long contactId, CancellationToken cancellationToken);

    Task<long> CreateAsync(long companyId, ContactValues values, CancellationToken cancellationToken);

    /// <summary>Replaces a contact's values (bumps version, so a later rollback sees the change).</summary>
    Task<StoredContact?> UpdateAsync(long companyId, long contactId, ContactValues values, CancellationToken cancellationToken);

    /// <summary>Replaces a contact's values only while it is at <paramref name="expectedVersion"/>; null otherwise.</summary>
    Task<StoredContact?> UpdateAsync(long companyId, long contactId, ContactValues values, int expectedVersion,
        CancellationToken cancellationToken);

    /// <summary>Deletes the contact and erases it from stored before-images.</summary>
    Task<bool> DeleteAsync(long companyId, long contactId, CancellationToken cancellationToken);

    /// <summary>
    /// Erases a person from everything the company stores (DESIGN "Rollback and resume"): the contacts, their
    /// before-images, error rows that name them, held uploads of finished imports, notifications and finished jobs'
    /// payloads; one transaction. Null when <see cref="ErasureTarget.ContactId"/> names no contact of the company.
    /// </summary>
    Task<ErasureReport?> EraseAsync(long companyId, ErasureTarget target, CancellationToken cancellationToken);
}

/// <summary>Whom to erase (at least one): a contact of the company, and/or anyone with this e-mail or phone key
/// (normalized: lower-case e-mail, E.164 phone), whether or not a contact still has it.</summary>
public sealed record ErasureTarget(long? ContactId = null, string? Email = null, string? PhoneKey = null);

/// <summary>What an erasure removed. Uploads of imports not yet finished are kept (the import needs them) and
/// counted in <paramref name="UploadsKept"/>: erase again once they end.</summary>
public sealed record ErasureReport(int ContactsErased, int BeforeImagesErased, int ErrorRowsErased, int UploadsPurged,
    int UploadsKept, int NotificationsErased, int JobPayloadsErased);
