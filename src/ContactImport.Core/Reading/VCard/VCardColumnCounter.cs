namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// The pre-pass's view of the cards after the preview: which columns they need, from the raw values alone
/// (no decoding, no strings), so counting a million cards costs a fraction of reading them. It errs only
/// towards a column more (a quoted-printable space counts as a value), never one too few: every column the
/// <see cref="VCardCardBuilder"/> can fill for a card is marked here.
/// </summary>
internal sealed class VCardColumnCounter
{
    private readonly List<string> _cardCustom = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly bool[] _slotSeen = new bool[VCardValues.SlotCount];
    private int _emails;
    private int _phones;
    private int _addresses;
    private int _urls;
    private bool _hasName;
    private bool _hasOrg;

    public bool[] UsedSlots { get; } = new bool[VCardValues.SlotCount];

    public int MaxEmails { get; private set; }

    public int MaxPhones { get; private set; }

    /// <summary>Other property names in the order first seen, up to <see cref="VCardColumns.MaxCustomColumns"/>.</summary>
    public List<string> CustomNames { get; } = [];

    public int DroppedNames { get; private set; }

    public void StartCard()
    {
        _cardCustom.Clear();
        _emails = _phones = _addresses = _urls = 0;
        _hasName = _hasOrg = false;
        Array.Clear(_slotSeen);
    }

    /// <summary>One property, its value still raw (escaped, maybe quoted-printable).</summary>
    public void Add(VCardKind kind, string? customName, ReadOnlySpan<byte> raw)
    {
        if (IsBlank(raw))
        {
            return;
        }

        switch (kind)
        {
            case VCardKind.FullName:
                Single(VCardSlot.FullName, "FN");
                break;
            case VCardKind.Title:
                Single(VCardSlot.JobTitle, "TITLE");
                break;
            case VCardKind.Birthday:
                Single(VCardSlot.Birthday, "BDAY");
                break;
            case VCardKind.Uid:
                Single(VCardSlot.ExternalId, "UID");
                break;
            case VCardKind.Name:
                if (_hasName)
                {
                    _cardCustom.Add("N");
                    break;
                }

                _hasName = true;
                Components(raw, [VCardSlot.LastName, VCardSlot.FirstName, VCardSlot.MiddleName, VCardSlot.NamePrefix, VCardSlot.NameSuffix]);
                break;
            case VCardKind.Org:
                if (_hasOrg)
                {
                    _cardCustom.Add("ORG");
                    break;
                }

                _hasOrg = true;
                // The first non-blank unit is the company, the others the department.
                var units = NonBlankComponents(raw);
                UsedSlots[(int)VCardSlot.Company] |= units > 0;
                UsedSlots[(int)VCardSlot.Department] |= units > 1;
                break;
            case VCardKind.Adr:
                if (_addresses++ == 0)
                {
                    Components(raw, [VCardSlot.Street, VCardSlot.Street, VCardSlot.Street, VCardSlot.City, VCardSlot.Region, VCardSlot.PostalCode, VCardSlot.Country]);
                }

                break;
            case VCardKind.Email:
                _emails++;
                break;
            case VCardKind.Tel:
                _phones++;
                break;
            case VCardKind.Url:
                _urls++;
                UsedSlots[(int)VCardSlot.Website] = true;
                break;
            case VCardKind.Note:
                UsedSlots[(int)VCardSlot.Notes] = true;
                break;
            case VCardKind.Categories:
                UsedSlots[(int)VCardSlot.Tags] = true;
                break;
            case VCardKind.Custom or VCardKind.Agent:
                _cardCustom.Add(customName ?? "AGENT");
                break;
        }
    }

    public void FinishCard()
    {
        MaxEmails = Math.Max(MaxEmails, _emails);
        MaxPhones = Math.Max(MaxPhones, _phones);
        if (_addresses > 1)
        {
            _cardCustom.Add("ADR");
        }

        if (_urls > 1)
        {
            _cardCustom.Add("URL");
        }

        foreach (var name in _cardCustom)
        {
            AddName(name);
        }
    }

    /// <summary>A card of the preview, read in full: its columns count too.</summary>
    public void Observe(VCardValues values)
    {
        for (var s = 0; s < UsedSlots.Length; s++)
        {
            UsedSlots[s] |= values.Scalars[s] is not null;
        }

        MaxEmails = Math.Max(MaxEmails, values.Emails.Count);
        MaxPhones = Math.Max(MaxPhones, values.Phones.Count);
        foreach (var (name, _) in values.Custom)
        {
            AddName(name);
        }
    }

    private void AddName(string name)
    {
        if (!_seen.Add(name))
        {
            return;
        }

        if (CustomNames.Count < VCardColumns.MaxCustomColumns)
        {
            CustomNames.Add(name);
        }
        else
        {
            DroppedNames++;
        }
    }

    /// <summary>The first value fills the slot; a second one of the card becomes a custom field.</summary>
    private void Single(VCardSlot slot, string name)
    {
        if (_slotSeen[(int)slot])
        {
            _cardCustom.Add(name);
            return;
        }

        _slotSeen[(int)slot] = true;
        UsedSlots[(int)slot] = true;
    }

    /// <summary>Marks the slots whose ';'-separated component is not blank.</summary>
    private void Components(ReadOnlySpan<byte> raw, ReadOnlySpan<VCardSlot> slots)
    {
        var index = 0;
        var start = 0;
        for (var i = 0; i <= raw.Length && index < slots.Length; i++)
        {
            if (i + 1 < raw.Length && raw[i] == '\\')
            {
                i++;
                continue;
            }

            if (i == raw.Length || raw[i] == ';')
            {
                if (!IsBlank(raw[start..Math.Min(i, raw.Length)]))
                {
                    UsedSlots[(int)slots[index]] = true;
                }

                index++;
                start = i + 1;
            }
        }
    }

    private static int NonBlankComponents(ReadOnlySpan<byte> raw)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i <= raw.Length; i++)
        {
            if (i + 1 < raw.Length && raw[i] == '\\')
            {
                i++;
                continue;
            }

            if (i == raw.Length || raw[i] == ';')
            {
                count += IsBlank(raw[start..i]) ? 0 : 1;
                start = i + 1;
            }
        }

        return count;
    }

    private static bool IsBlank(ReadOnlySpan<byte> raw) => raw.Trim(" \t"u8).IsEmpty;
}
