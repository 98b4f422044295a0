namespace ContactImport.Storage;

/// <summary>
/// The contact search index, kept in the background (docs/search.md): writes to contacts only queue the contacts they
/// touch, and a pass indexes what is queued. Searches are exact meanwhile (queued contacts are read live), only
/// slower until the index has caught up.
/// </summary>
public interface ISearchIndexStore
{
    /// <summary>Indexes about <paramref name="maxContacts"/> queued contacts; returns how many it looked at: 0 when
    /// nothing is queued or another process's pass is running.</summary>
    Task<int> IndexPendingAsync(int maxContacts, CancellationToken cancellationToken);
}
