using ContactImport.Core.Bulk;
using ContactImport.Core.Contacts;

namespace ContactImport.Storage;

/// <summary>
/// What the bulk API needs besides the import's batch path (<see cref="Store.Batches"/>, which writes its inserts and
/// updates): contacts by id, and deletes of many contacts at once.
/// </summary>
public interface IBulkStore
{
    /// <summary>The company's contacts among <paramref name="ids"/> (another company's ids are simply absent).</summary>
    Task<IReadOnlyList<StoredContact>> GetByIdsAsync(long companyId, long[] ids, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the contacts still at their expected version, with their before-images, in one transaction; returns the
    /// ids deleted. <paramref name="allOrNothing"/>: if any is absent or changed, nothing is deleted.
    /// </summary>
    Task<IReadOnlyList<long>> DeleteAsync(long companyId, IReadOnlyList<ContactVersionRef> contacts, bool allOrNothing,
        CancellationToken cancellationToken);
}
