namespace ContactImport.Core.Mapping;

/// <summary>What a column of the file becomes: a field of <see cref="Contacts.ContactSchema"/>, or one of the targets
/// that are no field (custom, ignore, full_name). Wire names are snake_case (first_name, job_title, …).</summary>
public enum ContactField
{
    /// <summary>Kept as a custom field under its header (the default for unknown columns).</summary>
    Custom,
    /// <summary>Dropped on purpose.</summary>
    Ignore,
    FirstName,
    LastName,
    /// <summary>Split into first and last name when those are empty.</summary>
    FullName,
    Email,
    Phone,
    Company,
    JobTitle,
    City,
    Country,
    Tags,
    Notes,
    ExternalId,
    Street,
    PostalCode,
    Region,
    Birthday,
    Website,
}

/// <summary>One column's binding.</summary>
/// <param name="IsMobile">A phone column known to be a mobile number (preferred as the primary phone).</param>
public sealed record ColumnBinding(int Index, string Header, ContactField Field, bool IsMobile = false);

/// <summary>A prepared row: normalized values, or the reason it fails.</summary>
/// <param name="Raw">The original fields, kept for the error report and retry.</param>
public sealed record PreparedRow(long Row, long Line, string[] Raw, Contacts.ContactValues? Values, RowError? Error);

/// <summary>A failed row, precise enough to fix the file: row, physical line, column, value, reason.</summary>
public sealed record RowError(long Row, long Line, string? Column, string? Value, string Reason);
