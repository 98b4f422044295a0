namespace ContactImport.Core.Bulk;

/// <summary>
/// The whitelisted conditions of <c>update-where</c>, all combined with AND inside one company. Text conditions
/// compare case-insensitively; <see cref="Company"/> is the contact's employer, never the tenant; time ranges
/// include their start and exclude their end.
/// </summary>
public sealed record ContactFilter
{
    /// <summary>The wire names, in the order the API documents them.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "tag", "company", "city", "country", "email_domain", "imported_from",
        "created_from", "created_to", "updated_from", "updated_to",
    ];

    public string? Tag { get; init; }

    public string? Company { get; init; }

    public string? City { get; init; }

    public string? Country { get; init; }

    /// <summary>The part after the <c>@</c>, lower-cased (e-mails are stored lower-cased).</summary>
    public string? EmailDomain { get; init; }

    public Guid? ImportedFrom { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public DateTimeOffset? UpdatedFrom { get; init; }

    public DateTimeOffset? UpdatedTo { get; init; }

    /// <summary>At least one condition: an empty filter would match the whole company.</summary>
    public bool IsEmpty => Tag is null && Company is null && City is null && Country is null && EmailDomain is null
                           && ImportedFrom is null && CreatedFrom is null && CreatedTo is null && UpdatedFrom is null
                           && UpdatedTo is null;

    /// <summary>
    /// Reads the conditions given as wire name → text; the first unknown name, unreadable value or an empty
    /// filter is the error (naming it), so a typo never widens the match.
    /// </summary>
    public static ContactFilter? Parse(IEnumerable<KeyValuePair<string, string?>> conditions, out string? error)
    {
        var filter = new ContactFilter();
        foreach (var (name, raw) in conditions)
        {
            var value = raw?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                error = $"where.{name}: give a value (an empty condition would match everything).";
                return null;
            }

            switch (name)
            {
                case "tag": filter = filter with { Tag = value }; break;
                case "company": filter = filter with { Company = value }; break;
                case "city": filter = filter with { City = value }; break;
                case "country": filter = filter with { Country = value }; break;
                case "email_domain":
                    filter = filter with { EmailDomain = value.TrimStart('@').ToLowerInvariant() };
                    break;
                case "imported_from":
                    if (!Guid.TryParse(value, out var import))
                    {
                        error = $"where.imported_from: '{value}' is not an import id.";
                        return null;
                    }

                    filter = filter with { ImportedFrom = import };
                    break;
                case "created_from" or "created_to" or "updated_from" or "updated_to":
                    if (!DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
                            System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
                    {
                        error = $"where.{name}: '{value}' is not a date or time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z).";
                        return null;
                    }

                    filter = name switch
                    {
                        "created_from" => filter with { CreatedFrom = time },
                        "created_to" => filter with { CreatedTo = time },
                        "updated_from" => filter with { UpdatedFrom = time },
                        _ => filter with { UpdatedTo = time },
                    };
                    break;
                default:
                    error = $"where.{name} is not a filter. Filters: {string.Join(", ", Names)}.";
                    return null;
            }
        }

        if (filter.IsEmpty)
        {
            error = $"where needs at least one condition. Filters: {string.Join(", ", Names)}.";
            return null;
        }

        error = null;
        return filter;
    }
}
