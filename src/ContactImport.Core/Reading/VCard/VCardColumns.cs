using ContactImport.Core.Mapping;

namespace ContactImport.Core.Reading.VCard;

/// <summary>
/// A vCard file's columns, fixed for the whole file so every card is a row of the same shape: the contact wire
/// names the cards use (always <c>email</c> and <c>phone</c>), <c>email 2…N</c> and <c>phone 2…N</c> for the
/// most any card has, then one column per other property. Rebuilt from the headers alone when the file is
/// read again, so nothing but the inspection travels between the pre-pass and the import.
/// </summary>
internal sealed class VCardColumns
{
    /// <summary>Beyond this many other property names, further ones are dropped with a warning.</summary>
    public const int MaxCustomColumns = 200;

    /// <summary>A custom column whose name the header mapper would take for a contact field is prefixed, so it
    /// stays a custom field (an address LABEL must not become tags).</summary>
    private const string CustomPrefix = "vCard ";

    private readonly int[] _slots = new int[VCardValues.SlotCount];
    private readonly List<int> _emails = [];
    private readonly List<int> _phones = [];
    private readonly Dictionary<string, int> _custom = new(StringComparer.Ordinal);

    private VCardColumns(IReadOnlyList<string> headers)
    {
        Headers = headers;
        Array.Fill(_slots, -1);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var slot = Array.IndexOf(VCardValues.SlotHeaders, Unprefixed(header));
            if (slot >= 0)
            {
                _slots[slot] = i;
            }
            else if (header == "email" || header.StartsWith("email ", StringComparison.Ordinal))
            {
                _emails.Add(i);
            }
            else if (header == "phone" || header.StartsWith("phone ", StringComparison.Ordinal))
            {
                _phones.Add(i);
            }
            else
            {
                _custom.TryAdd(Unprefixed(header), i);
            }
        }
    }

    public IReadOnlyList<string> Headers { get; }

    public static VCardColumns FromHeaders(IReadOnlyList<string> headers) => new(headers);

    /// <summary>The columns for what the pre-pass saw.</summary>
    public static VCardColumns Build(bool[] usedSlots, int emails, int phones, IReadOnlyList<string> customNames)
    {
        var headers = new List<string>();
        void AddSlot(VCardSlot slot)
        {
            if (usedSlots[(int)slot])
            {
                var name = VCardValues.SlotHeaders[(int)slot];
                headers.Add(slot >= VCardSlot.MiddleName ? CustomHeader(name) : name);
            }
        }

        AddSlot(VCardSlot.FullName);
        AddSlot(VCardSlot.FirstName);
        AddSlot(VCardSlot.LastName);
        headers.Add("email");
        for (var i = 2; i <= emails; i++)
        {
            headers.Add($"email {i}");
        }

        headers.Add("phone");
        for (var i = 2; i <= phones; i++)
        {
            headers.Add($"phone {i}");
        }

        for (var slot = VCardSlot.Company; slot <= VCardSlot.Department; slot++)
        {
            AddSlot(slot);
        }

        foreach (var name in customNames)
        {
            headers.Add(CustomHeader(name));
        }

        return new VCardColumns(headers);
    }

    /// <summary>The card as a row of this file's columns; custom properties without a column are dropped.</summary>
    public string[] Project(VCardValues values)
    {
        var fields = new string[Headers.Count];
        Array.Fill(fields, string.Empty);
        for (var s = 0; s < VCardValues.SlotCount; s++)
        {
            if (_slots[s] >= 0 && values.Scalars[s] is { } value)
            {
                fields[_slots[s]] = value;
            }
        }

        Fill(fields, _emails, values.Emails);
        Fill(fields, _phones, values.Phones);
        foreach (var (name, value) in values.Custom)
        {
            if (_custom.TryGetValue(name, out var index))
            {
                fields[index] = value;
            }
        }

        return fields;
    }

    private static void Fill(string[] fields, List<int> columns, List<string> values)
    {
        for (var i = 0; i < columns.Count && i < values.Count; i++)
        {
            fields[columns[i]] = values[i];
        }
    }

    private static string CustomHeader(string name) =>
        HeaderMapper.Suggest([name])[0].Field == ContactField.Custom ? name : CustomPrefix + name;

    private static string Unprefixed(string header) =>
        header.StartsWith(CustomPrefix, StringComparison.Ordinal) ? header[CustomPrefix.Length..] : header;
}
