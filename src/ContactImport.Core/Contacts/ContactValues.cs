namespace ContactImport.Core.Contacts;

/// <summary>The single-valued fields of a contact, in the order used by storage columns. Each slot belongs to one
/// field of <see cref="ContactSchema"/> (checked at start-up).</summary>
public enum ScalarField
{
    ExternalId,
    Email,
    Phone,
    FirstName,
    LastName,
    Company,
    JobTitle,
    City,
    Country,
    Notes,
    Street,
    PostalCode,
    Region,
    Birthday,
    Website,
}

/// <summary>
/// A contact's data, already normalized. Scalars live in an array indexed by <see cref="ScalarField"/> so
/// merge rules, storage and comparisons loop over fields instead of repeating per-field code.
/// </summary>
public sealed class ContactValues
{
    public static readonly int ScalarCount = ContactSchema.Scalars.Length;

    private readonly string?[] _scalars = new string?[ScalarCount];

    public string? this[ScalarField field]
    {
        get => _scalars[(int)field];
        set => _scalars[(int)field] = string.IsNullOrEmpty(value) ? null : value;
    }

    public string? ExternalId { get => this[ScalarField.ExternalId]; set => this[ScalarField.ExternalId] = value; }

    /// <summary>Normalized (trimmed, lower-cased) e-mail; also its match key.</summary>
    public string? Email { get => this[ScalarField.Email]; set => this[ScalarField.Email] = value; }

    /// <summary>Phone as written (display value, extension included).</summary>
    public string? Phone { get => this[ScalarField.Phone]; set => this[ScalarField.Phone] = value; }

    /// <summary>E.164 key of <see cref="Phone"/>, e.g. <c>+14155550100</c>.</summary>
    public string? PhoneKey { get; set; }

    public string? FirstName { get => this[ScalarField.FirstName]; set => this[ScalarField.FirstName] = value; }
    public string? LastName { get => this[ScalarField.LastName]; set => this[ScalarField.LastName] = value; }
    public string? Company { get => this[ScalarField.Company]; set => this[ScalarField.Company] = value; }
    public string? JobTitle { get => this[ScalarField.JobTitle]; set => this[ScalarField.JobTitle] = value; }
    public string? City { get => this[ScalarField.City]; set => this[ScalarField.City] = value; }
    public string? Country { get => this[ScalarField.Country]; set => this[ScalarField.Country] = value; }
    public string? Notes { get => this[ScalarField.Notes]; set => this[ScalarField.Notes] = value; }
    public string? Street { get => this[ScalarField.Street]; set => this[ScalarField.Street] = value; }
    public string? PostalCode { get => this[ScalarField.PostalCode]; set => this[ScalarField.PostalCode] = value; }
    public string? Region { get => this[ScalarField.Region]; set => this[ScalarField.Region] = value; }

    /// <summary><c>YYYY-MM-DD</c>, or <c>--MM-DD</c> without a year.</summary>
    public string? Birthday { get => this[ScalarField.Birthday]; set => this[ScalarField.Birthday] = value; }

    public string? Website { get => this[ScalarField.Website]; set => this[ScalarField.Website] = value; }

    // The collections are made on first use: most rows have no extra e-mails, phones or custom fields, and every row
    // in flight carried ~240 bytes of empty ones (bench/RESULTS.md, seventeenth session). Readers on hot paths use the
    // *OrNull accessors, which never make one.
    private List<string>? _tags;
    private List<string>? _extraEmails;
    private List<string>? _extraPhones;
    private SortedDictionary<string, string>? _custom;

    /// <summary>Tags, unique case-insensitively, in first-seen order.</summary>
    public List<string> Tags { get => _tags ??= []; init => _tags = value; }

    /// <summary>Further e-mails (normalized); not match keys.</summary>
    public List<string> ExtraEmails { get => _extraEmails ??= []; init => _extraEmails = value; }

    /// <summary>Further phones as written; not match keys.</summary>
    public List<string> ExtraPhones { get => _extraPhones ??= []; init => _extraPhones = value; }

    /// <summary>Unmapped columns, header → value, so nothing in the file is lost.</summary>
    public SortedDictionary<string, string> Custom
    {
        get => _custom ??= new(StringComparer.Ordinal);
        init => _custom = value;
    }

    internal List<string>? TagsOrNull => _tags;
    internal List<string>? ExtraEmailsOrNull => _extraEmails;
    internal List<string>? ExtraPhonesOrNull => _extraPhones;
    internal SortedDictionary<string, string>? CustomOrNull => _custom;

    /// <summary>Fields whose cells were empty under <c>clear_empty</c>: <c>update</c> clears them. Not content (an
    /// instruction of the row), so <see cref="ContentEquals"/> ignores it.</summary>
    public IReadOnlyList<ScalarField>? Cleared { get; set; }

    public ContactValues Clone()
    {
        var copy = new ContactValues
        {
            PhoneKey = PhoneKey,
            Cleared = Cleared,
            _tags = _tags is null ? null : [.. _tags],
            _extraEmails = _extraEmails is null ? null : [.. _extraEmails],
            _extraPhones = _extraPhones is null ? null : [.. _extraPhones],
            _custom = _custom is null ? null : new SortedDictionary<string, string>(_custom, StringComparer.Ordinal),
        };
        _scalars.CopyTo(copy._scalars, 0);
        return copy;
    }

    public bool ContentEquals(ContactValues other)
    {
        for (var i = 0; i < ScalarCount; i++)
        {
            if (!string.Equals(_scalars[i], other._scalars[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return string.Equals(PhoneKey, other.PhoneKey, StringComparison.Ordinal)
            && SameList(_tags, other._tags)
            && SameList(_extraEmails, other._extraEmails)
            && SameList(_extraPhones, other._extraPhones)
            && (_custom?.Count ?? 0) == (other._custom?.Count ?? 0)
            && (_custom is null || _custom.All(kv => other._custom!.TryGetValue(kv.Key, out var v) && v == kv.Value));
    }

    /// <summary>Equal lists, a list never made being an empty one.</summary>
    private static bool SameList(List<string>? a, List<string>? b) =>
        (a?.Count ?? 0) == 0 ? (b?.Count ?? 0) == 0 : b is not null && a!.SequenceEqual(b, StringComparer.Ordinal);
}
