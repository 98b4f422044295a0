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
public sealed record PreparedRow(long Row, long Line, string[] Raw, Contacts.ContactValues? Values, RowError? Error)
{
    /// <summary>Values kept as written or left out under the lenient rule (<see cref="ValueRules"/>), one per finding.</summary>
    public IReadOnlyList<RowError> Warnings { get; init; } = [];
}

/// <summary>How bad a finding is: an error fails its row; a warning is reported beside a row that imports.</summary>
public enum FindingLevel
{
    Error,
    Warning,
}

/// <summary>A finding of a row, precise enough to fix the file: row, physical line, column, value, reason. An
/// error fails the row (and only rows with one are retried); a warning does not.</summary>
public sealed record RowError(long Row, long Line, string? Column, string? Value, string Reason)
{
    public FindingLevel Level { get; init; } = FindingLevel.Error;
}

/// <summary>
/// The value rule of a run. Lenient (file imports): a row with a key imports, and a value that is invalid or over
/// its limit beside it is kept as written or left out, with a warning. Strict (<c>--strict</c>, the bulk API's
/// default): any invalid value fails its row, so nothing is half-imported.
/// </summary>
/// <param name="ClearEmpty">Under <c>update</c>: an empty cell clears its field (by default it changes nothing).</param>
/// <param name="RequireKey">A row without a valid e-mail, phone or external id fails (an import row); false for a
/// partial change of a known contact (<c>PATCH</c>).</param>
public sealed record ValueRules(bool Strict = false, bool ClearEmpty = false, bool RequireKey = true)
{
    public static readonly ValueRules Lenient = new();

    public static readonly ValueRules StrictRules = new(Strict: true);
}
