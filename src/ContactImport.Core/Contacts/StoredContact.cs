namespace ContactImport.Core.Contacts;

/// <summary>A contact as it is in the store, with the bookkeeping rollback needs.</summary>
/// <param name="Version">Bumped by every write; rollback compares it to detect later changes.</param>
/// <param name="ImportedFrom">The import that inserted it, if any.</param>
public sealed record StoredContact(
    long Id,
    ContactValues Values,
    Guid? ImportedFrom,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);
