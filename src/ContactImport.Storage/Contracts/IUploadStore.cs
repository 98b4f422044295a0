namespace ContactImport.Storage;

/// <summary>Uploaded files, kept in the database in chunks so that any worker on any machine can read them.</summary>
public interface IUploadStore
{
    Task SaveAsync(Guid importId, Stream content, CancellationToken cancellationToken);

    /// <summary>Streams the stored upload into <paramref name="destination"/>; false when it was purged.</summary>
    Task<bool> ReadAsync(Guid importId, Stream destination, CancellationToken cancellationToken);

    /// <summary>Deletes uploads of imports created before <paramref name="before"/> that no job still needs.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
