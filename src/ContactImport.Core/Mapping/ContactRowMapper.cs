using ContactImport.Core.Contacts;
using ContactImport.Core.Normalization;
using ContactImport.Core.Reading;

namespace ContactImport.Core.Mapping;

/// <summary>
/// Turns one source row into normalized <see cref="ContactValues"/>, or the reason the row fails.
/// Runs once per row (millions of times): the column plan is computed once here, and the hot path uses no
/// regex, no LINQ, and allocates only the values it keeps.
/// </summary>
/// <remarks>
/// Rules: e-mail/phone present but invalid → fail (extra e-mails/phones too: nothing is half-imported);
/// any value over its limit → fail. A row with neither e-mail nor phone is not failed here: it may still
/// match by external_id, which only the merge step can know.
/// </remarks>
public sealed class ContactRowMapper
{
    private readonly ColumnBinding[] _scalarColumns;
    private readonly ColumnBinding[] _emailColumns;
    private readonly ColumnBinding[] _phoneColumns;
    private readonly string _country;
    private readonly bool _monthFirst;

    /// <exception cref="ArgumentException"><paramref name="defaultCountry"/> is not a region libphonenumber knows.</exception>
    public ContactRowMapper(IReadOnlyList<ColumnBinding> map, string defaultCountry)
    {
        _country = Phones.TryGetRegion(defaultCountry, out var region)
            ? region
            : throw new ArgumentException(Phones.UnknownRegionMessage(defaultCountry), nameof(defaultCountry));

        _monthFirst = Birthdays.MonthFirst(defaultCountry);
        var ordered = map.OrderBy(b => b.Index).ToArray();
        _scalarColumns = [.. ordered.Where(b => b.Field is not (ContactField.Email or ContactField.Phone or ContactField.Ignore))];
        _emailColumns = [.. ordered.Where(b => b.Field == ContactField.Email)];

        // The primary phone prefers a mobile column, then header order (OrderBy is stable).
        _phoneColumns = [.. ordered.Where(b => b.Field == ContactField.Phone).OrderBy(b => b.IsMobile ? 0 : 1)];
    }

    public PreparedRow Prepare(SourceRow row)
    {
        if (row.Error is not null)
        {
            return new PreparedRow(row.Row, row.Line, row.Fields, null, new RowError(row.Row, row.Line, null, null, row.Error));
        }

        var values = new ContactValues();
        var error = MapScalars(row, values) ?? MapEmails(row, values) ?? MapPhones(row, values);
        return error is null
            ? new PreparedRow(row.Row, row.Line, row.Fields, values, null)
            : new PreparedRow(row.Row, row.Line, row.Fields, null, error);
    }

    private RowError? MapScalars(SourceRow row, ContactValues values)
    {
        string? fullName = null;
        ColumnBinding? fullNameColumn = null;
        foreach (var b in _scalarColumns)
        {
            var raw = Cell(row, b);
            if (TextValues.IsBlank(raw))
            {
                continue;
            }

            var value = TextValues.StripFormulaGuard(raw!);
            switch (b.Field)
            {
                case ContactField.Custom:
                    value = value.Trim();
                    if (value.Length > FieldLimits.Custom)
                    {
                        return TooLong(row, b, raw!, value.Length, b.Header, FieldLimits.Custom);
                    }

                    AddCustom(values, b.Header, value);
                    break;

                case ContactField.Tags:
                    if (value.Length > FieldLimits.Notes)
                    {
                        return TooLong(row, b, raw!, value.Length, "tags", FieldLimits.Notes);
                    }

                    if (TextValues.AddTags(value, values.Tags) is { } longTag)
                    {
                        return Fail(row, b, raw!, $"tag '{longTag}' is {longTag.Length} characters, the limit for a tag is {FieldLimits.Tag}");
                    }

                    if (values.Tags.Count > FieldLimits.TagCount)
                    {
                        return Fail(row, b, raw!, $"{values.Tags.Count} tags, the limit is {FieldLimits.TagCount}");
                    }

                    break;

                case ContactField.FullName:
                    value = TextValues.Clean(value);
                    if (value.Length > FieldLimits.Organization)
                    {
                        return TooLong(row, b, raw!, value.Length, "full_name", FieldLimits.Organization);
                    }

                    if (fullName is null)
                    {
                        fullName = value;
                        fullNameColumn = b;
                    }
                    else if (value != fullName)
                    {
                        AddCustom(values, b.Header, value);
                    }

                    break;

                default:
                    // The schema says how: notes as given, external_id and website trimmed, a street keeps its
                    // lines, a birthday becomes ISO, every other scalar is trimmed with inner whitespace collapsed.
                    var spec = ContactSchema.For(b.Field)!;
                    if (!FieldValues.TryNormalize(spec, value, _monthFirst, out value, out var invalid))
                    {
                        return Fail(row, b, raw!, invalid!);
                    }

                    var field = spec.Slot!.Value;
                    var limit = spec.MaxLength;
                    if (value.Length > limit)
                    {
                        return TooLong(row, b, raw!, value.Length, spec.Name, limit);
                    }

                    // Several columns for one field (Outlook's Business/Home City): the first non-empty wins,
                    // the others are kept as custom fields so nothing in the file is lost.
                    var current = values[field];
                    if (current is null)
                    {
                        values[field] = value;
                    }
                    else if (!string.Equals(current, value, StringComparison.Ordinal))
                    {
                        AddCustom(values, b.Header, value);
                    }

                    break;
            }
        }

        // A full name only fills the name when neither part came from its own column.
        if (fullName is not null && values.FirstName is null && values.LastName is null)
        {
            var (first, last) = TextValues.SplitFullName(fullName);
            if (first?.Length > FieldLimits.Name)
            {
                return TooLong(row, fullNameColumn!, Cell(row, fullNameColumn!)!, first.Length, "first_name", FieldLimits.Name);
            }

            if (last?.Length > FieldLimits.Name)
            {
                return TooLong(row, fullNameColumn!, Cell(row, fullNameColumn!)!, last.Length, "last_name", FieldLimits.Name);
            }

            values.FirstName = first;
            values.LastName = last;
        }

        return null;
    }

    private RowError? MapEmails(SourceRow row, ContactValues values)
    {
        foreach (var b in _emailColumns)
        {
            var raw = Cell(row, b);
            if (TextValues.IsBlank(raw))
            {
                continue;
            }

            // Google puts several addresses in one cell: "a@x.com ::: b@y.com".
            foreach (var piece in TextValues.MultiValues(TextValues.StripFormulaGuard(raw!)))
            {
                if (piece.Length > FieldLimits.Email)
                {
                    return TooLong(row, b, raw!, piece.Length, "email", FieldLimits.Email);
                }

                if (!EmailAddress.TryNormalize(piece, out var email, out var reason))
                {
                    return Fail(row, b, raw!, reason!);
                }

                if (values.Email is null)
                {
                    values.Email = email;
                }
                else if (email != values.Email && !values.ExtraEmails.Contains(email))
                {
                    values.ExtraEmails.Add(email);
                }
            }
        }

        return null;
    }

    private RowError? MapPhones(SourceRow row, ContactValues values)
    {
        List<string>? extraKeys = null;
        string? region = null;
        foreach (var b in _phoneColumns)
        {
            var raw = Cell(row, b);
            if (TextValues.IsBlank(raw))
            {
                continue;
            }

            foreach (var piece in TextValues.MultiValues(TextValues.StripFormulaGuard(raw!)))
            {
                if (piece.Length > FieldLimits.Phone)
                {
                    return TooLong(row, b, raw!, piece.Length, "phone", FieldLimits.Phone);
                }

                // The row's own country (mapped by MapScalars before this) wins over the import's default.
                region ??= Phones.RegionFor(values.Country, _country);
                if (!Phones.TryNormalize(piece, region, out var key, out var reason))
                {
                    return Fail(row, b, raw!, reason);
                }

                if (values.PhoneKey is null)
                {
                    values.Phone = piece;
                    values.PhoneKey = key;
                }
                else if (key != values.PhoneKey && !(extraKeys?.Contains(key) ?? false))
                {
                    // Extra phones are stored as written; their keys only deduplicate them.
                    (extraKeys ??= []).Add(key);
                    values.ExtraPhones.Add(piece);
                }
            }
        }

        return null;
    }

    private static string? Cell(SourceRow row, ColumnBinding b) => b.Index < row.Fields.Length ? row.Fields[b.Index] : null;

    private static void AddCustom(ContactValues values, string header, string value)
    {
        // Duplicate header names must not overwrite each other.
        if (values.Custom.TryAdd(header, value))
        {
            return;
        }

        for (var n = 2; ; n++)
        {
            if (values.Custom.TryAdd($"{header} ({n})", value))
            {
                return;
            }
        }
    }

    private static RowError Fail(SourceRow row, ColumnBinding b, string raw, string reason) =>
        new(row.Row, row.Line, b.Header, raw, reason);

    private static RowError TooLong(SourceRow row, ColumnBinding b, string raw, int length, string fieldName, int limit) =>
        Fail(row, b, raw, $"value is {length} characters, the limit for {fieldName} is {limit}");

}
