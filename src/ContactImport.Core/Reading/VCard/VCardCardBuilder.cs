namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// Collects one card's properties and decides its columns (DESIGN.md "Reading a file"): the preferred e-mail
/// first; the phone a mobile, else the preferred, else the first; the preferred or first address and website;
/// other properties as custom fields, labelled by their item group's <c>X-ABLabel</c> or their TYPE.
/// Labels come after the property they name, so choices are made when the card ends.
/// </summary>
internal sealed class VCardCardBuilder
{
    private readonly List<string> _parts = [];
    private readonly List<(string Value, bool Preferred)> _emails = [];
    private readonly List<(string Value, bool Preferred, bool Mobile, string? Group)> _phones = [];
    private readonly List<(string[] Parts, bool Preferred, string? Group, string? Types)> _addresses = [];
    private readonly List<(string Value, bool Preferred, string? Group, string? Types)> _urls = [];
    private readonly List<(string Name, string Value, string? Group, string? Types)> _custom = [];
    private readonly Dictionary<string, string> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _notes = [];
    private readonly List<string> _tags = [];
    private VCardValues _values = new();

    public void Start(VCardValues values)
    {
        _values = values;
        values.Clear();
        _emails.Clear();
        _phones.Clear();
        _addresses.Clear();
        _urls.Clear();
        _custom.Clear();
        _labels.Clear();
        _notes.Clear();
        _tags.Clear();
    }

    public void Add(VCardProperty p)
    {
        switch (p.Kind)
        {
            case VCardKind.FullName:
                SetOrKeep(VCardSlot.FullName, Clean(p.Value), "FN", p);
                break;
            case VCardKind.Name:
                AddName(p);
                break;
            case VCardKind.Email:
                var email = StripScheme(Clean(p.Value), "mailto:");
                if (email.Length > 0)
                {
                    _emails.Add((email, p.IsPreferred));
                }

                break;
            case VCardKind.Tel:
                var tel = TelText(Clean(p.Value));
                if (tel.Length > 0)
                {
                    _phones.Add((tel, p.IsPreferred, p.IsMobile, p.Group));
                }

                break;
            case VCardKind.Org:
                AddOrg(p);
                break;
            case VCardKind.Title:
                SetOrKeep(VCardSlot.JobTitle, Clean(p.Value), "TITLE", p);
                break;
            case VCardKind.Adr:
                VCardText.Split(p.Value, ';', _parts);
                if (_parts.Exists(s => !string.IsNullOrWhiteSpace(s)))
                {
                    _addresses.Add(([.. _parts], p.IsPreferred, p.Group, p.Types));
                }

                break;
            case VCardKind.Birthday:
                SetOrKeep(VCardSlot.Birthday, VCardDates.Normalize(Clean(p.Value)), "BDAY", p);
                break;
            case VCardKind.Url:
                var url = Clean(p.Value);
                if (url.Length > 0)
                {
                    _urls.Add((url, p.IsPreferred, p.Group, p.Types));
                }

                break;
            case VCardKind.Note:
                var note = VCardText.Unescape(p.Value);
                if (!string.IsNullOrWhiteSpace(note))
                {
                    _notes.Add(note);
                }

                break;
            case VCardKind.Categories:
                VCardText.Split(p.Value, ',', _parts);
                foreach (var tag in _parts)
                {
                    if (!string.IsNullOrWhiteSpace(tag))
                    {
                        _tags.Add(tag.Trim());
                    }
                }

                break;
            case VCardKind.Uid:
                SetOrKeep(VCardSlot.ExternalId, Clean(p.Value), "UID", p);
                break;
            case VCardKind.Label:
                if (p.Group is not null)
                {
                    _labels[p.Group] = CleanLabel(Clean(p.Value));
                }

                break;
            case VCardKind.Custom or VCardKind.Agent:
                AddCustom(p.CustomName ?? "AGENT", VCardText.Unescape(p.Value).Trim(), p.Group, p.Types);
                break;
        }
    }

    /// <summary>Makes the choices that need the whole card and fills the values given to <see cref="Start"/>.</summary>
    public void Finish()
    {
        var v = _values;
        var preferredEmail = _emails.FindIndex(e => e.Preferred);
        if (preferredEmail >= 0)
        {
            v.Emails.Add(_emails[preferredEmail].Value);
        }

        for (var i = 0; i < _emails.Count; i++)
        {
            if (i != preferredEmail)
            {
                v.Emails.Add(_emails[i].Value);
            }
        }

        var primaryPhone = PrimaryPhone();
        if (primaryPhone >= 0)
        {
            v.Phones.Add(_phones[primaryPhone].Value);
        }

        for (var i = 0; i < _phones.Count; i++)
        {
            if (i != primaryPhone)
            {
                v.Phones.Add(_phones[i].Value);
            }
        }

        FinishAddresses();
        FinishUrls();
        if (_notes.Count > 0)
        {
            v[VCardSlot.Notes] = string.Join('\n', _notes);
        }

        if (_tags.Count > 0)
        {
            v[VCardSlot.Tags] = string.Join(", ", _tags);
        }

        FinishCustom();
    }

    private int PrimaryPhone()
    {
        int mobile = -1, preferred = -1;
        for (var i = 0; i < _phones.Count; i++)
        {
            var (_, pref, isMobile, group) = _phones[i];
            isMobile |= group is not null && _labels.TryGetValue(group, out var label) && IsMobileLabel(label);
            if (isMobile && pref)
            {
                return i;
            }

            if (isMobile && mobile < 0)
            {
                mobile = i;
            }

            if (pref && preferred < 0)
            {
                preferred = i;
            }
        }

        return mobile >= 0 ? mobile : preferred >= 0 ? preferred : _phones.Count > 0 ? 0 : -1;
    }

    private void FinishAddresses()
    {
        var chosen = _addresses.FindIndex(a => a.Preferred);
        chosen = chosen < 0 && _addresses.Count > 0 ? 0 : chosen;
        for (var i = 0; i < _addresses.Count; i++)
        {
            var (parts, _, group, types) = _addresses[i];
            // Street lines: the street, then the extended address (suite), then the post office box.
            var street = JoinNonEmpty('\n', Part(parts, 2), Part(parts, 1), Part(parts, 0));
            if (i == chosen)
            {
                Set(VCardSlot.Street, street);
                Set(VCardSlot.City, Part(parts, 3));
                Set(VCardSlot.Region, Part(parts, 4));
                Set(VCardSlot.PostalCode, Part(parts, 5));
                Set(VCardSlot.Country, Part(parts, 6));
            }
            else
            {
                var text = string.Join(", ", new[] { street.Replace('\n', ' '), Part(parts, 3), Part(parts, 4), Part(parts, 5), Part(parts, 6) }
                    .Where(s => s.Length > 0));
                AddCustom("ADR", text, group, types);
            }
        }
    }

    private static string Part(string[] parts, int n) => n < parts.Length ? parts[n].Trim() : string.Empty;

    private static string JoinNonEmpty(char separator, string a, string b, string c)
    {
        if (b.Length == 0 && c.Length == 0)
        {
            return a;
        }

        return string.Join(separator, new[] { a, b, c }.Where(s => s.Length > 0));
    }

    private void FinishUrls()
    {
        var chosen = _urls.FindIndex(u => u.Preferred);
        chosen = chosen < 0 && _urls.Count > 0 ? 0 : chosen;
        for (var i = 0; i < _urls.Count; i++)
        {
            if (i == chosen)
            {
                Set(VCardSlot.Website, _urls[i].Value);
            }
            else
            {
                AddCustom("URL", _urls[i].Value, _urls[i].Group, _urls[i].Types);
            }
        }
    }

    private void FinishCustom()
    {
        var custom = _values.Custom;
        foreach (var (name, value, group, types) in _custom)
        {
            if (value.Length == 0)
            {
                continue;
            }

            var label = group is not null && _labels.TryGetValue(group, out var l) ? l : types;
            var text = label is null ? value : $"{label}: {value}";
            var at = custom.FindIndex(c => c.Key == name);
            if (at < 0)
            {
                custom.Add(new(name, text));
            }
            else
            {
                custom[at] = new(name, custom[at].Value + "\n" + text);
            }
        }
    }

    private void AddName(VCardProperty p)
    {
        if (_values[VCardSlot.LastName] is not null || _values[VCardSlot.FirstName] is not null)
        {
            AddCustom("N", VCardText.Unescape(p.Value).Replace(';', ' ').Trim(), p.Group, p.Types);
            return;
        }

        VCardText.Split(p.Value, ';', _parts);
        Set(VCardSlot.LastName, Part(0));
        Set(VCardSlot.FirstName, Part(1));
        Set(VCardSlot.MiddleName, Part(2));
        Set(VCardSlot.NamePrefix, Part(3));
        Set(VCardSlot.NameSuffix, Part(4));
    }

    private void AddOrg(VCardProperty p)
    {
        VCardText.Split(p.Value, ';', _parts);
        var first = -1;
        var others = 0;
        for (var i = 0; i < _parts.Count; i++)
        {
            _parts[i] = _parts[i].Trim();
            if (_parts[i].Length > 0)
            {
                others += first >= 0 ? 1 : 0;
                first = first < 0 ? i : first;
            }
        }

        if (first < 0)
        {
            return;
        }

        if (_values[VCardSlot.Company] is not null)
        {
            AddCustom("ORG", string.Join(", ", _parts.Where(u => u.Length > 0)), p.Group, p.Types);
            return;
        }

        Set(VCardSlot.Company, _parts[first]);
        if (others > 0)
        {
            Set(VCardSlot.Department, string.Join(", ", _parts.Skip(first + 1).Where(u => u.Length > 0)));
        }
    }

    private string Part(int n) => n < _parts.Count ? _parts[n].Trim() : string.Empty;

    private void SetOrKeep(VCardSlot slot, string value, string name, VCardProperty p)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (_values[slot] is null)
        {
            _values[slot] = value;
        }
        else
        {
            AddCustom(name, value, p.Group, p.Types);
        }
    }

    private void Set(VCardSlot slot, string value)
    {
        if (value.Length > 0)
        {
            _values[slot] = value;
        }
    }

    private void AddCustom(string name, string value, string? group, string? types) => _custom.Add((name, value, group, types));

    private static string Clean(string value) => VCardText.Unescape(value).Trim();

    private static string StripScheme(string value, string scheme) =>
        value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? value[scheme.Length..].Trim() : value;

    /// <summary>A vCard 4.0 <c>tel:</c> URI becomes the number as people write it; its extension stays in the display.</summary>
    private static string TelText(string value)
    {
        value = StripScheme(value, "tel:");
        var ext = value.IndexOf(";ext=", StringComparison.OrdinalIgnoreCase);
        return ext < 0 ? value : $"{value[..ext]} ext. {value[(ext + 5)..]}";
    }

    /// <summary>Apple's built-in labels are wrapped: <c>_$!&lt;HomePage&gt;!$_</c> → <c>HomePage</c>.</summary>
    private static string CleanLabel(string label) =>
        label.StartsWith("_$!<", StringComparison.Ordinal) && label.EndsWith(">!$_", StringComparison.Ordinal) && label.Length >= 8
            ? label[4..^4]
            : label;

    private static bool IsMobileLabel(string label) =>
        label.Equals("mobile", StringComparison.OrdinalIgnoreCase) || label.Equals("cell", StringComparison.OrdinalIgnoreCase)
        || label.Equals("iPhone", StringComparison.OrdinalIgnoreCase);
}
