using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;

namespace ContactImport.Workers;

/// <summary>The execute request as queued with the job (and its API body: the same snake_case names).</summary>
public sealed record JobPayload
{
    public string? DuplicateStrategy { get; init; }
    public bool? SkipErrors { get; init; }
    public int? BatchSize { get; init; }
    public Dictionary<string, string>? Mapping { get; init; }
    public string? DefaultCountry { get; init; }
    public bool? DryRun { get; init; }
    public string? NotificationEmail { get; init; }
    public string? Encoding { get; init; }

    /// <summary>Excel: the sheet to import, by name or 1-based number; null = the first visible sheet.</summary>
    public string? Sheet { get; init; }

    /// <summary>Any invalid value fails its row; by default a row with a key imports, with warnings.</summary>
    public bool? Strict { get; init; }

    /// <summary>With <c>duplicate_strategy: update</c>: an empty cell clears its field.</summary>
    public bool? ClearEmpty { get; init; }

    /// <summary>Validates and converts; throws <see cref="ArgumentException"/> with a human message.</summary>
    public ImportRequest ToRequest()
    {
        var strategy = DuplicateStrategy?.ToLowerInvariant() switch
        {
            null or "skip" => Core.Merging.DuplicateStrategy.Skip,
            "update" => Core.Merging.DuplicateStrategy.Update,
            "merge" => Core.Merging.DuplicateStrategy.Merge,
            _ => throw new ArgumentException($"duplicate_strategy must be skip, update or merge (got '{DuplicateStrategy}')"),
        };
        var batchSize = BatchSize ?? ImportOptions.StoreDefaultBatchSize;
        if (BatchSize is < 1 or > 100_000)
        {
            throw new ArgumentException("batch_size must be between 1 and 100000");
        }

        if (NotificationEmail is { } email && !Core.Normalization.EmailAddress.TryNormalize(email, out _, out var reason))
        {
            throw new ArgumentException("notification_email: " + reason);
        }

        if (!Core.Normalization.Phones.TryGetRegion(DefaultCountry ?? "US", out var country))
        {
            throw new ArgumentException($"default_country '{DefaultCountry}' is not an ISO 3166 alpha-2 code of a region with phone numbers");
        }

        var options = new ImportOptions
        {
            DuplicateStrategy = strategy,
            SkipErrors = SkipErrors ?? true,
            BatchSize = batchSize,
            DryRun = DryRun ?? false,
            DefaultCountry = country,
            Strict = Strict ?? false,
            ClearEmpty = ClearEmpty ?? false,
        };
        if (options.Conflict() is { } conflict)
        {
            throw new ArgumentException(conflict);
        }

        return new ImportRequest
        {
            Options = options,
            Mapping = Mapping ?? [],
            Encoding = Encoding,
            Sheet = Sheet,
        };
    }

    public static JobPayload From(ImportRequest request) => new()
    {
        DuplicateStrategy = request.Options.DuplicateStrategy.ToString().ToLowerInvariant(),
        SkipErrors = request.Options.SkipErrors,
        BatchSize = request.Options.BatchSize > 0 ? request.Options.BatchSize : null,
        DefaultCountry = request.Options.DefaultCountry,
        DryRun = request.Options.DryRun,
        Mapping = request.Mapping.Count == 0 ? null : new Dictionary<string, string>(request.Mapping),
        Encoding = request.Encoding,
        Sheet = request.Sheet,
        Strict = request.Options.Strict ? true : null,
        ClearEmpty = request.Options.ClearEmpty ? true : null,
    };

    public string ToJson() => ImportJson.Serialize(this);

    public static JobPayload FromJson(string? json) =>
        json is null ? new JobPayload() : ImportJson.Deserialize<JobPayload>(json) ?? new JobPayload();
}
