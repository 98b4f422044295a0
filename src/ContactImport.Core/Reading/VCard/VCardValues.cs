namespace ContactImport.Core.Reading.VCard;

/// <summary>The single-valued columns a card fills, in column order.</summary>
internal enum VCardSlot
{
    FullName,
    FirstName,
    LastName,
    Company,
    JobTitle,
    Street,
    City,
    Region,
    PostalCode,
    Country,
    Birthday,
    Website,
    Notes,
    Tags,
    ExternalId,
    MiddleName,
    NamePrefix,
    NameSuffix,
    Department,
}

/// <summary>One card's values as columns: scalars, e-mails and phones (primary first), other properties.</summary>
internal sealed class VCardValues
{
    public const int SlotCount = (int)VCardSlot.Department + 1;

    /// <summary>The header of each slot; the first fifteen are contact wire names, the rest are kept as custom fields.</summary>
    public static readonly string[] SlotHeaders =
    [
        "full_name", "first_name", "last_name", "company", "job_title", "street", "city", "region", "postal_code",
        "country", "birthday", "website", "notes", "tags", "external_id", "middle_name", "name_prefix", "name_suffix",
        "department",
    ];

    public string?[] Scalars { get; } = new string?[SlotCount];

    public List<string> Emails { get; } = [];

    public List<string> Phones { get; } = [];

    /// <summary>Other properties, one entry per property name (upper case), in the order first seen.</summary>
    public List<KeyValuePair<string, string>> Custom { get; } = [];

    /// <summary>Why the card cannot be imported (too large); its values are then not kept.</summary>
    public string? Error { get; set; }

    public string? this[VCardSlot slot]
    {
        get => Scalars[(int)slot];
        set => Scalars[(int)slot] = value;
    }

    public void Clear()
    {
        Array.Clear(Scalars);
        Emails.Clear();
        Phones.Clear();
        Custom.Clear();
        Error = null;
    }

    public VCardValues Clone()
    {
        var copy = new VCardValues { Error = Error };
        Scalars.CopyTo(copy.Scalars, 0);
        copy.Emails.AddRange(Emails);
        copy.Phones.AddRange(Phones);
        copy.Custom.AddRange(Custom);
        return copy;
    }
}
