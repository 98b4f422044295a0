namespace ContactImport.Core.Reading.VCard;

/// <summary>What the reader does with a property, by its name.</summary>
internal enum VCardKind
{
    Custom,
    FullName,
    Name,
    Email,
    Tel,
    Org,
    Title,
    Adr,
    Birthday,
    Url,
    Note,
    Categories,
    Uid,
    /// <summary><c>X-ABLabel</c>: names the other properties of its item group.</summary>
    Label,
    /// <summary>Structure or metadata kept nowhere (VERSION, PRODID, REV, X-ABADR, Outlook's card layout XML).</summary>
    Ignored,
    /// <summary>PHOTO, LOGO, SOUND, KEY: binary data, skipped without being held.</summary>
    Binary,
    Agent,
}

/// <summary>One content line, parsed: the reader reuses a single instance.</summary>
internal sealed class VCardProperty
{
    private static readonly (byte[] Name, VCardKind Kind)[] Known =
    [
        ("FN"u8.ToArray(), VCardKind.FullName),
        ("N"u8.ToArray(), VCardKind.Name),
        ("EMAIL"u8.ToArray(), VCardKind.Email),
        ("TEL"u8.ToArray(), VCardKind.Tel),
        ("ORG"u8.ToArray(), VCardKind.Org),
        ("TITLE"u8.ToArray(), VCardKind.Title),
        ("ADR"u8.ToArray(), VCardKind.Adr),
        ("BDAY"u8.ToArray(), VCardKind.Birthday),
        ("URL"u8.ToArray(), VCardKind.Url),
        ("NOTE"u8.ToArray(), VCardKind.Note),
        ("CATEGORIES"u8.ToArray(), VCardKind.Categories),
        ("UID"u8.ToArray(), VCardKind.Uid),
        ("X-ABLABEL"u8.ToArray(), VCardKind.Label),
        ("VERSION"u8.ToArray(), VCardKind.Ignored),
        ("PRODID"u8.ToArray(), VCardKind.Ignored),
        ("REV"u8.ToArray(), VCardKind.Ignored),
        ("X-ABADR"u8.ToArray(), VCardKind.Ignored),
        ("X-MS-OL-DESIGN"u8.ToArray(), VCardKind.Ignored),
        ("PHOTO"u8.ToArray(), VCardKind.Binary),
        ("LOGO"u8.ToArray(), VCardKind.Binary),
        ("SOUND"u8.ToArray(), VCardKind.Binary),
        ("KEY"u8.ToArray(), VCardKind.Binary),
        ("AGENT"u8.ToArray(), VCardKind.Agent),
    ];

    private readonly List<(byte[] Name, string Text)> _customNames = [];
    private readonly List<(byte[] Name, string Text)> _groups = [];

    public VCardKind Kind { get; set; }

    /// <summary>The property name in upper case (custom properties only; the known ones need none).</summary>
    public string? CustomName { get; set; }

    /// <summary>The item group (<c>item1</c> of <c>item1.EMAIL</c>), or null.</summary>
    public string? Group { get; set; }

    public bool IsPreferred { get; set; }

    public bool IsMobile { get; set; }

    /// <summary>The TYPE values other than PREF, lower case and comma-joined (<c>home,fax</c>), or null.</summary>
    public string? Types { get; set; }

    /// <summary>The decoded value, vCard escapes still in place (structured values split on them).</summary>
    public string Value { get; set; } = string.Empty;

    public static VCardKind KindOf(ReadOnlySpan<byte> name)
    {
        // Only names of a known length and first letter are compared: most lines are decided in one step.
        if (name.IsEmpty || name.Length > 14)
        {
            return VCardKind.Custom;
        }

        var first = (byte)(name[0] & ~0x20);
        foreach (var (known, kind) in Known)
        {
            if (known.Length == name.Length && known[0] == first && System.Text.Ascii.EqualsIgnoreCase(name, known))
            {
                return kind;
            }
        }

        return VCardKind.Custom;
    }

    /// <summary>The upper-case name of a custom property, without a string per occurrence.</summary>
    public string NameOf(ReadOnlySpan<byte> name) => Intern(_customNames, name, upper: true);

    /// <summary>An item group's name (<c>item1</c>), without a string per occurrence.</summary>
    public string GroupOf(ReadOnlySpan<byte> group) => Intern(_groups, group, upper: false);

    private static string Intern(List<(byte[] Name, string Text)> seen, ReadOnlySpan<byte> name, bool upper)
    {
        foreach (var (bytes, text) in seen)
        {
            if (upper ? System.Text.Ascii.EqualsIgnoreCase(name, bytes) : name.SequenceEqual(bytes))
            {
                return text;
            }
        }

        var value = System.Text.Encoding.ASCII.GetString(name);
        value = upper ? value.ToUpperInvariant() : value;
        if (seen.Count < 1024)
        {
            seen.Add((name.ToArray(), value));
        }

        return value;
    }

    public void Reset()
    {
        Kind = VCardKind.Custom;
        CustomName = null;
        Group = null;
        IsPreferred = false;
        IsMobile = false;
        Types = null;
        Value = string.Empty;
    }
}
