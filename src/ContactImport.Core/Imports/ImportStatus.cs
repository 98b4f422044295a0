namespace ContactImport.Core.Imports;

/// <summary>The lifecycle of an import; the wire strings are <see cref="ImportStatuses.ToWire"/>.</summary>
public enum ImportStatus
{
    Uploaded,
    Validated,
    Queued,
    Running,
    Completed,
    CompletedWithErrors,
    Failed,
    Cancelling,
    Cancelled,
    RollingBack,
    RolledBack,
}

public static class ImportStatuses
{
    private static readonly string[] Wire =
    [
        "uploaded", "validated", "queued", "running", "completed", "completed_with_errors", "failed",
        "cancelling", "cancelled", "rolling_back", "rolled_back",
    ];

    public static string ToWire(this ImportStatus status) => Wire[(int)status];

    public static ImportStatus Parse(string wire)
    {
        var index = Array.IndexOf(Wire, wire);
        return index >= 0 ? (ImportStatus)index : throw new ArgumentException($"unknown import status '{wire}'", nameof(wire));
    }

    public static bool TryParse(string? wire, out ImportStatus status)
    {
        var index = wire is null ? -1 : Array.IndexOf(Wire, wire);
        status = index >= 0 ? (ImportStatus)index : default;
        return index >= 0;
    }

    /// <summary>States an import can be executed (or resumed by a worker) from.</summary>
    public static bool CanExecute(this ImportStatus status) =>
        status is ImportStatus.Uploaded or ImportStatus.Validated or ImportStatus.Failed;

    /// <summary>States whose contacts can be rolled back.</summary>
    public static bool CanRollBack(this ImportStatus status) =>
        status is ImportStatus.Completed or ImportStatus.CompletedWithErrors or ImportStatus.Cancelled
            or ImportStatus.Failed;

    /// <summary>States a user's cancel is accepted in (the worker stops after the open batch).</summary>
    public static bool CanCancel(this ImportStatus status) =>
        status is ImportStatus.Queued or ImportStatus.Running;

    /// <summary>States whose failed rows can be retried: the run has ended and its error list is complete.</summary>
    public static bool CanRetry(this ImportStatus status) =>
        status.IsFinal() && status != ImportStatus.RolledBack;

    public static bool IsFinal(this ImportStatus status) =>
        status is ImportStatus.Completed or ImportStatus.CompletedWithErrors or ImportStatus.Failed
            or ImportStatus.Cancelled or ImportStatus.RolledBack or ImportStatus.Validated;
}
