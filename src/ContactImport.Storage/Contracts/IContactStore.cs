using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Storage;

public sealed record ContactPage(IReadOnlyList<StoredContact> Items, long Total);

/// <summary>A company's contacts one at a time (the API, export); imports write them in bulk through
/// <see cref="ContactImport.Core.Pipeline.IImportTarget"/>.</summary>
public interface IContactStore
{
    Task<ContactPage> ListAsync(long companyId, string? search, int page, int pageSize, CancellationToken cancellationToken);

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
}
