using ContactImport.Core.Merging;

namespace ContactImport.Core.Pipeline;

/// <summary>Options of one run; the same names as the API's execute body.</summary>
public sealed record ImportOptions
{
    /// <summary>"Let the store choose": each store's <see cref="IImportTarget.PreferredBatchSizeAsync"/>, chosen by
    /// the batch-size sweep in bench/ (see README).</summary>
    public const int StoreDefaultBatchSize = 0;

    public DuplicateStrategy DuplicateStrategy { get; init; } = DuplicateStrategy.Skip;

    /// <summary>True: failed rows are reported and the import goes on. False: all or nothing.</summary>
    public bool SkipErrors { get; init; } = true;

    public int BatchSize { get; init; } = StoreDefaultBatchSize;

    /// <summary>These options with <see cref="BatchSize"/> resolved for a run of the store into the company.</summary>
    public async Task<ImportOptions> ForAsync(IImportTarget target, long companyId, CancellationToken cancellationToken) =>
        BatchSize > 0 ? this : this with { BatchSize = await target.PreferredBatchSizeAsync(companyId, cancellationToken) };

    public bool DryRun { get; init; }

    public string DefaultCountry { get; init; } = "US";

    /// <summary>Any invalid value fails its row (the old rule); by default a row with a key imports, with warnings.</summary>
    public bool Strict { get; init; }

    /// <summary>Under <c>update</c>: an empty cell clears its field; by default empty cells change nothing.</summary>
    public bool ClearEmpty { get; init; }

    /// <summary>The value rule these options ask for.</summary>
    public Mapping.ValueRules Rules() => new(Strict, ClearEmpty);

    /// <summary>Why these options cannot run together; null when they can.</summary>
    public string? Conflict() => ClearEmpty && DuplicateStrategy != DuplicateStrategy.Update
        ? "clear_empty applies only to the update strategy (duplicate_strategy: update)"
        : null;
}
