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
/// The value rule of DESIGN.md ("Which rows import"), by <see cref="ValueRules"/>. Lenient: a row needs a key (a valid
/// e-mail, a valid phone or an external id); an invalid value beside it is kept as written — a phone as display text
/// without a key, an invalid e-mail, birthday or website as a custom field under its header — and any other value
/// over its limit is left out; each is a warning. An e-mail or external id over its limit fails the row. Strict: every
/// one of those fails the row.
/// </remarks>
public sealed class ContactRowMapper
{
    private readonly ColumnBinding[] _scalarColumns;
    private readonly ColumnBinding[] _emailColumns;
    private readonly ColumnBinding[] _phoneColumns;
    private readonly string _country;
    private readonly bool _monthFirst;
    private readonly ValueRules _rules;

    /// <param name="rules">Lenient (the default of file imports) or strict; see <see cref="ValueRules"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="defaultCountry"/> is not a region libphonenumber knows.</exception>
    public ContactRowMapper(IReadOnlyList<ColumnBinding> map, string defaultCountry, ValueRules? rules = null)
    {
        _rules = rules ?? ValueRules.Lenient;
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
        var findings = default(Findings);
        var error = MapScalars(row, values, ref findings) ?? MapEmails(row, values, ref findings)
            ?? MapPhones(row, values, ref findings) ?? RequireKey(row, values, ref findings);
        IReadOnlyList<RowError> warnings = findings.Warnings ?? (IReadOnlyList<RowError>)[];
        if (error is not null)
        {
            return new PreparedRow(row.Row, row.Line, row.Fields, null, error) { Warnings = warnings };
        }

        if (_rules.ClearEmpty)
        {
            values.Cleared = ClearedFields(row, values);
        }

        return new PreparedRow(row.Row, row.Line, row.Fields, values, null) { Warnings = warnings };
    }

    /// <summary>A row's warnings, and its first invalid e-mail or phone (the error when the row ends without a key).</summary>
    private struct Findings
    {
        public List<RowError>? Warnings;
        public RowError? FirstInvalidKey;
    }

    /// <summary>A value the rule does not take: strict → the row's error; lenient → a warning (null returned).</summary>
    private RowError? Invalid(SourceRow row, ColumnBinding b, string value, string reason, ref Findings findings)
    {
        var finding = Fail(row, b, value, reason);
        if (_rules.Strict)
        {
            return finding;
        }

        (findings.Warnings ??= []).Add(finding with { Level = FindingLevel.Warning });
        return null;
    }

    private RowError? OverLimit(SourceRow row, ColumnBinding b, string raw, int length, string fieldName, int limit,
        ref Findings findings) =>
        Invalid(row, b, raw, TooLongReason(length, fieldName, limit), ref findings);

    private RowError? RequireKey(SourceRow row, ContactValues values, ref Findings findings)
    {
        if (!_rules.RequireKey || values.Email is not null || values.PhoneKey is not null || values.ExternalId is not null)
        {
            return null;
        }

        if (findings.FirstInvalidKey is not { } invalid)
        {
            return new RowError(row.Row, row.Line, null, null, "row has no e-mail, phone or external id");
        }

        // The value that would have been the key is the row's error; its warning is not repeated.
        findings.Warnings!.Remove(invalid);
        return invalid with
        {
            Level = FindingLevel.Error,
            Reason = invalid.Reason + "; the row has no other key (a valid e-mail, a valid phone or an external id)",
        };
    }

    /// <summary>The fields of mapped columns whose cells were all empty (<c>clear_empty</c>): a field with any value in
    /// the row, even one kept as written elsewhere, is not cleared.</summary>
    private List<ScalarField>? ClearedFields(SourceRow row, ContactValues values)
    {
        List<ScalarField>? blank = null;
        List<ScalarField>? given = null;
        foreach (var columns in (ReadOnlySpan<ColumnBinding[]>)[_scalarColumns, _emailColumns, _phoneColumns])
        {
            foreach (var b in columns)
            {
                if (ContactSchema.For(b.Field)?.Slot is { } slot)
                {
                    var list = TextValues.IsBlank(Cell(row, b)) ? (blank ??= []) : (given ??= []);
                    list.Add(slot);
                }
            }
        }

        return blank?.Where(slot => values[slot] is null && !(given?.Contains(slot) ?? false)).Distinct().ToList() is { Count: > 0 } cleared
            ? cleared
            : null;
    }

    private RowError? MapScalars(SourceRow row, ContactValues values, ref Findings findings)
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
                        if (OverLimit(row, b, raw!, value.Length, b.Header, FieldLimits.Custom, ref findings) is { } tooLong)
                        {
                            return tooLong;
                        }

                        break;
                    }

                    AddCustom(values, b.Header, value);
                    break;

                case ContactField.Tags:
                    if (MapTags(row, b, raw!, value, values, ref findings) is { } tagError)
                    {
                        return tagError;
                    }

                    break;

                case ContactField.FullName:
                    value = TextValues.Clean(value);
                    if (value.Length > FieldLimits.Organization)
                    {
                        if (OverLimit(row, b, raw!, value.Length, "full_name", FieldLimits.Organization, ref findings) is { } tooLong)
                        {
                            return tooLong;
                        }

                        break;
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
                    if (!FieldValues.TryNormalize(spec, value, _monthFirst, out var normalized, out var invalid))
                    {
                        if (Invalid(row, b, raw!, invalid!, ref findings) is { } unreadable)
                        {
                            return unreadable;
                        }

                        // An unreadable birthday or website is kept as written under its header: nothing is lost.
                        KeepAsCustom(values, b.Header, value.Trim());
                        break;
                    }

                    value = normalized;
                    var field = spec.Slot!.Value;
                    var limit = spec.MaxLength;
                    if (value.Length > limit)
                    {
                        // A key over its limit (external_id) fails the row; any other value is left out.
                        if (spec.IsKey)
                        {
                            return TooLong(row, b, raw!, value.Length, spec.Name, limit);
                        }

                        if (OverLimit(row, b, raw!, value.Length, spec.Name, limit, ref findings) is { } tooLong)
                        {
                            return tooLong;
                        }

                        break;
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
            var part = first?.Length > FieldLimits.Name ? ("first_name", first.Length)
                : last?.Length > FieldLimits.Name ? ("last_name", last.Length)
                : default;
            if (part.Item1 is not null)
            {
                return OverLimit(row, fullNameColumn!, Cell(row, fullNameColumn!)!, part.Item2, part.Item1, FieldLimits.Name,
                    ref findings);
            }

            values.FirstName = first;
            values.LastName = last;
        }

        return null;
    }

    /// <summary>A tags cell: a tag over its limit is left out, and so is a cell that would pass the tag count.</summary>
    private RowError? MapTags(SourceRow row, ColumnBinding b, string raw, string value, ContactValues values,
        ref Findings findings)
    {
        if (value.Length > FieldLimits.Notes)
        {
            return OverLimit(row, b, raw, value.Length, "tags", FieldLimits.Notes, ref findings);
        }

        var before = values.Tags.Count;
        if (TextValues.AddTags(value, values.Tags) is { } longTag)
        {
            var reason = $"tag '{longTag}' is {longTag.Length} characters, the limit for a tag is {FieldLimits.Tag}";
            if (Invalid(row, b, raw, reason, ref findings) is { } error)
            {
                return error;
            }

            values.Tags.RemoveAll(t => t.Length > FieldLimits.Tag);
        }

        if (values.Tags.Count > FieldLimits.TagCount)
        {
            if (Invalid(row, b, raw, $"{values.Tags.Count} tags, the limit is {FieldLimits.TagCount}", ref findings) is { } error)
            {
                return error;
            }

            values.Tags.RemoveRange(before, values.Tags.Count - before);
        }

        return null;
    }

    private RowError? MapEmails(SourceRow row, ContactValues values, ref Findings findings)
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
                // A key over its limit fails the row under either rule.
                if (piece.Length > FieldLimits.Email)
                {
                    return TooLong(row, b, raw!, piece.Length, "email", FieldLimits.Email);
                }

                if (!EmailAddress.TryNormalize(piece, out var email, out var reason))
                {
                    if (Invalid(row, b, piece, reason!, ref findings) is { } error)
                    {
                        return error;
                    }

                    findings.FirstInvalidKey ??= findings.Warnings![^1];
                    KeepAsCustom(values, b.Header, piece);
                    continue;
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

    private RowError? MapPhones(SourceRow row, ContactValues values, ref Findings findings)
    {
        List<string>? extraKeys = null;
        List<string>? invalid = null;
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
                    if (OverLimit(row, b, piece, piece.Length, "phone", FieldLimits.Phone, ref findings) is { } tooLong)
                    {
                        return tooLong;
                    }

                    continue;
                }

                // The row's own country (mapped by MapScalars before this) wins over the import's default.
                region ??= Phones.RegionFor(values.Country, _country);
                if (!Phones.TryNormalize(piece, region, out var key, out var reason))
                {
                    if (Invalid(row, b, piece, reason, ref findings) is { } error)
                    {
                        return error;
                    }

                    findings.FirstInvalidKey ??= findings.Warnings![^1];
                    (invalid ??= []).Add(piece);
                    continue;
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

        // Invalid numbers are kept as written, without a key: the display phone only when no valid one came.
        foreach (var piece in invalid ?? [])
        {
            if (values.Phone is null)
            {
                values.Phone = piece;
            }
            else if (piece != values.Phone && !values.ExtraPhones.Contains(piece))
            {
                values.ExtraPhones.Add(piece);
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

    /// <summary>A value the rule does not take, kept under its header (custom fields have their own limit).</summary>
    private static void KeepAsCustom(ContactValues values, string header, string value)
    {
        if (value.Length <= FieldLimits.Custom)
        {
            AddCustom(values, header, value);
        }
    }

    private static RowError Fail(SourceRow row, ColumnBinding b, string raw, string reason) =>
        new(row.Row, row.Line, b.Header, raw, reason);

    private static RowError TooLong(SourceRow row, ColumnBinding b, string raw, int length, string fieldName, int limit) =>
        Fail(row, b, raw, TooLongReason(length, fieldName, limit));

    private static string TooLongReason(int length, string fieldName, int limit) =>
        $"value is {length} characters, the limit for {fieldName} is {limit}";

}
