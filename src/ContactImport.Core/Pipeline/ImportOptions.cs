using ContactImport.Core.Merging;

namespace ContactImport.Core.Pipeline;

/// <summary>Options of one run; the same names as the API's execute body.</summary>
public sealed record ImportOptions
{
    /// <summary>Chosen by the batch-size sweep in bench/ (see README).</summary>
    public const int DefaultBatchSize = 5000;

    public DuplicateStrategy DuplicateStrategy { get; init; } = DuplicateStrategy.Skip;

    /// <summary>True: failed rows are reported and the import goes on. False: all or nothing.</summary>
    public bool SkipErrors { get; init; } = true;

    public int BatchSize { get; init; } = DefaultBatchSize;

    public bool DryRun { get; init; }

    public string DefaultCountry { get; init; } = "US";
}
