using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using ContactImport.Core.Reading;

namespace ContactImport.Core.Mapping;

/// <summary>
/// Suggests what each column becomes from its header alone (the synonyms of <see cref="HeaderSynonyms"/>), and
/// applies explicit <c>Header=field</c> overrides.
/// </summary>
public static partial class HeaderMapper
{
    private static readonly FrozenDictionary<string, (ContactField Field, bool Mobile)> Synonyms = BuildSynonyms();

    // Headers whose accented letters another tool already replaced by U+FFFD ("Telefon gesch\uFFFDftlich"):
    // matched on their ASCII letters alone.
    private static readonly FrozenDictionary<string, (ContactField Field, bool Mobile)> AsciiOnlySynonyms = BuildAsciiOnly();

    /// <summary>One binding per header, in header order. Unknown headers become <see cref="ContactField.Custom"/>.</summary>
    public static IReadOnlyList<ColumnBinding> Suggest(IReadOnlyList<string> headers)
    {
        var keys = new string[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            keys[i] = Key(headers[i]);
        }

        var bindings = new ColumnBinding[headers.Count];
        var hasJobTitle = false;
        var hasHonorificSiblings = false;
        for (var i = 0; i < headers.Count; i++)
        {
            var (field, mobile) = Classify(keys[i]);
            if (field == ContactField.Custom && headers[i].Contains('\uFFFD', StringComparison.Ordinal)
                && AsciiOnlySynonyms.TryGetValue(AsciiKey(headers[i]), out var damaged))
            {
                (field, mobile) = damaged;
            }

            hasJobTitle |= field == ContactField.JobTitle;
            hasHonorificSiblings |= keys[i] is "middlename" or "suffix" or "nameprefix" or "namesuffix" or "additionalname";
            bindings[i] = new ColumnBinding(i, headers[i], field, mobile);
        }

        // "Title" is a job title in generic files but an honorific (Mr., Dr.) in Outlook's export, which also has
        // "Job Title" and "Middle Name"/"Suffix". Guessing wrong would put "Mrs." into job_title, so: only when no
        // other column is a job title and nothing says "name parts live here".
        var titleIsJob = !hasJobTitle && !hasHonorificSiblings;
        for (var i = 0; i < headers.Count; i++)
        {
            if (keys[i] == "title")
            {
                bindings[i] = bindings[i] with { Field = titleIsJob ? ContactField.JobTitle : ContactField.Custom };
            }
        }

        // Our own error report starts with row, line, level, column, value, reason (before warnings: row, line,
        // column, reason): a fixed report re-imports without them.
        foreach (var leading in ReportColumns)
        {
            if (headers.Count > leading.Length && keys.AsSpan(0, leading.Length).SequenceEqual(leading))
            {
                for (var i = 0; i < leading.Length; i++)
                {
                    bindings[i] = bindings[i] with { Field = ContactField.Ignore };
                }

                break;
            }
        }

        // Our own contact export starts with our id and also has external_id: that id means nothing to a re-import.
        if (keys.Length > 1 && keys[0] == "id" && Array.IndexOf(keys, "externalid", 1) > 0)
        {
            bindings[0] = bindings[0] with { Field = ContactField.Ignore };
        }

        return bindings;
    }

    private static readonly string[][] ReportColumns = [Reports.ErrorReport.LeadingColumns, ["row", "line", "column", "reason"]];

    /// <summary>
    /// Applies explicit overrides (header → wire field name, e.g. <c>"Work Mail" → "email"</c>) on top of
    /// <paramref name="suggested"/>. A header matches exactly, else case-insensitively; a duplicated header
    /// applies to every column with that name.
    /// </summary>
    /// <exception cref="ArgumentException">An override names a header not in the file or an unknown field.</exception>
    public static IReadOnlyList<ColumnBinding> Apply(IReadOnlyList<ColumnBinding> suggested, IReadOnlyDictionary<string, string> overrides)
    {
        var result = suggested.ToArray();
        foreach (var (header, fieldName) in overrides)
        {
            if (!ContactFieldNames.TryParse(fieldName, out var field))
            {
                throw new ArgumentException(
                    $"Unknown field '{fieldName}' for column '{header}'; expected one of: {string.Join(", ", ContactFieldNames.All)}.",
                    nameof(overrides));
            }

            var matched = Match(result, header, StringComparison.Ordinal);
            if (matched.Count == 0)
            {
                matched = Match(result, header.Trim(), StringComparison.OrdinalIgnoreCase);
            }

            if (matched.Count == 0)
            {
                throw new ArgumentException(
                    $"The mapping names column '{header}', which is not in the file; found headers: {string.Join(", ", suggested.Select(b => b.Header))}.",
                    nameof(overrides));
            }

            foreach (var i in matched)
            {
                var b = result[i];
                var mobile = field == ContactField.Phone && ((b.Field == ContactField.Phone && b.IsMobile) || Classify(Key(b.Header)).Mobile);
                result[i] = b with { Field = field, IsMobile = mobile };
            }
        }

        return result;
    }

    /// <summary>A file must give every row a chance at a key: at least one e-mail, phone or external id column.</summary>
    /// <exception cref="ImportFileException">No column maps to e-mail, phone or external id (a key).</exception>
    public static void EnsureEmailOrPhone(IReadOnlyList<ColumnBinding> map)
    {
        foreach (var b in map)
        {
            if (b.Field is ContactField.Email or ContactField.Phone or ContactField.ExternalId)
            {
                return;
            }
        }

        throw new ImportFileException(
            $"No column maps to e-mail, phone or external id; map one explicitly (e.g. --map \"Header=email\"), found headers: {string.Join(", ", map.Select(b => b.Header))}");
    }

    /// <summary>
    /// The header's comparison key: lower-case letters and digits only, Latin accents folded
    /// ("E-mail 1 - Value" → "email1value", "Straße geschäftlich" → "strassegeschaftlich").
    /// </summary>
    internal static string Key(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                if (lower < 'à' || !AppendFolded(sb, lower))
                {
                    sb.Append(lower);
                }
            }
        }

        return sb.ToString();
    }

    // A table rather than Unicode decomposition: the build runs with invariant globalization.
    private static bool AppendFolded(StringBuilder sb, char c)
    {
        const string from = "àáâãäåāăąçćčďèéêëēęěìíîïīłñńňòóôõöøōőùúûüūůűýÿźżžśšťŕř";
        const string to = "aaaaaaaaacccdeeeeeeeiiiiilnnnooooooooouuuuuuuyyzzzsstrr";
        var i = from.IndexOf(c, StringComparison.Ordinal);
        if (i >= 0)
        {
            sb.Append(to[i]);
            return true;
        }

        switch (c)
        {
            case 'ß':
                sb.Append("ss");
                return true;
            case 'æ':
                sb.Append("ae");
                return true;
            case 'œ':
                sb.Append("oe");
                return true;
            default:
                return false;
        }
    }

    internal static (ContactField Field, bool Mobile) Classify(string key)
    {
        if (Synonyms.TryGetValue(key, out var hit))
        {
            return hit;
        }

        // Numbered variants: Google "E-mail 2 - Value", "Organization 1 - Name", "Address 1 - City";
        // Outlook "E-mail 2 Address", "Business Phone 2". Drop the number and look again.
        var m = NumberedHeader().Match(key);
        if (m.Success)
        {
            if (Synonyms.TryGetValue(m.Groups["kind"].Value + m.Groups["part"].Value, out hit))
            {
                return hit;
            }

            // "Address 1 - Label", "Website 2 - Type": metadata of a multi-value group, not contact data.
            if (m.Groups["part"].Value is "label" or "type")
            {
                return (ContactField.Ignore, false);
            }
        }

        return (ContactField.Custom, false);
    }

    private static List<int> Match(ColumnBinding[] bindings, string header, StringComparison comparison)
    {
        var list = new List<int>();
        for (var i = 0; i < bindings.Length; i++)
        {
            if (string.Equals(bindings[i].Header.Trim(), header, comparison) || string.Equals(bindings[i].Header, header, comparison))
            {
                list.Add(i);
            }
        }

        return list;
    }

    private static string AsciiKey(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static FrozenDictionary<string, (ContactField, bool)> BuildAsciiOnly()
    {
        var d = new Dictionary<string, (ContactField, bool)>(StringComparer.Ordinal);
        foreach (var (wireName, headers) in HeaderSynonyms.Table)
        {
            if (ContactFieldNames.TryParse(wireName, out var field) && field is not (ContactField.Custom or ContactField.Ignore))
            {
                foreach (var header in headers)
                {
                    d.TryAdd(AsciiKey(header), (field, false));
                }
            }
        }

        foreach (var header in HeaderSynonyms.MobilePhone)
        {
            d.TryAdd(AsciiKey(header), (ContactField.Phone, true));
        }

        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void AddHeaders(Dictionary<string, (ContactField, bool)> d, ContactField field, bool mobile, IEnumerable<string> headers)
    {
        foreach (var header in headers)
        {
            d[Key(header)] = (field, mobile);
        }
    }

    [GeneratedRegex("^(?<kind>[a-z]+?)(?<n>[0-9]+)(?<part>[a-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedHeader();

    private static FrozenDictionary<string, (ContactField, bool)> BuildSynonyms()
    {
        var d = new Dictionary<string, (ContactField, bool)>(StringComparer.Ordinal);
        void Add(ContactField field, bool mobile, params string[] keys)
        {
            foreach (var k in keys)
            {
                d[k] = (field, mobile);
            }
        }

        foreach (var (wireName, headers) in HeaderSynonyms.Table)
        {
            // A field the schema does not know (yet) is skipped: its synonyms wait for it.
            if (ContactFieldNames.TryParse(wireName, out var field) && field is not (ContactField.Custom or ContactField.Ignore))
            {
                AddHeaders(d, field, mobile: false, headers);
            }
        }

        AddHeaders(d, ContactField.Phone, mobile: true, HeaderSynonyms.MobilePhone);

        // Metadata of multi-value exports: "E-mail 1 - Label" (* Home), Outlook "E-mail Type" (SMTP). Not contact data.
        Add(ContactField.Ignore, false, "emaillabel", "emailtype", "emaildisplayname", "phonelabel", "phonetype",
            "emailtyp", "emailangezeigtername");

        // Honorific: resolved per file in Suggest.
        Add(ContactField.Custom, false, "title");
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
