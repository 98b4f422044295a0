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

    /// <summary>
    /// Every legal move of an import's status, in one place: the store refuses any other, and the helpers below
    /// (what the API offers as can_rollback, can_retry, can_cancel, is_final) are read from it.
    /// </summary>
    private static readonly Dictionary<ImportStatus, ImportStatus[]> Moves = new()
    {
        [ImportStatus.Uploaded] = [ImportStatus.Queued, ImportStatus.Running, ImportStatus.Failed],
        [ImportStatus.Validated] = [ImportStatus.Queued, ImportStatus.Running, ImportStatus.Failed],
        [ImportStatus.Queued] = [ImportStatus.Running, ImportStatus.Cancelling, ImportStatus.Failed],
        // Queued again: a worker shutting down (or a retried job) hands the run back to the queue.
        [ImportStatus.Running] = [ImportStatus.Queued, ImportStatus.Completed, ImportStatus.CompletedWithErrors,
            ImportStatus.Failed, ImportStatus.Validated, ImportStatus.Cancelling, ImportStatus.Cancelled],
        // A run that ends before it sees the cancel ends as it would have.
        [ImportStatus.Cancelling] = [ImportStatus.Cancelled, ImportStatus.Queued, ImportStatus.Completed,
            ImportStatus.CompletedWithErrors, ImportStatus.Failed, ImportStatus.Validated],
        [ImportStatus.Completed] = [ImportStatus.RollingBack],
        [ImportStatus.CompletedWithErrors] = [ImportStatus.RollingBack],
        [ImportStatus.Failed] = [ImportStatus.Queued, ImportStatus.Running, ImportStatus.RollingBack],
        [ImportStatus.Cancelled] = [ImportStatus.Queued, ImportStatus.Running, ImportStatus.Failed, ImportStatus.RollingBack],
        [ImportStatus.RollingBack] = [ImportStatus.RolledBack],
        [ImportStatus.RolledBack] = [],
    };

    /// <summary>Where a run has ended: nothing changes any more without a user's request.</summary>
    private static readonly ImportStatus[] Final =
    [
        ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Failed, ImportStatus.Cancelled,
        ImportStatus.RolledBack, ImportStatus.Validated,
    ];

    /// <summary>Whether an import may move from <paramref name="from"/> to <paramref name="to"/> (staying is not a move).</summary>
    public static bool CanMove(this ImportStatus from, ImportStatus to) => Array.IndexOf(Moves[from], to) >= 0;

    /// <summary>Every legal move, e.g. for a store that checks them in SQL.</summary>
    public static IEnumerable<(ImportStatus From, ImportStatus To)> LegalMoves =>
        Moves.SelectMany(m => m.Value.Select(to => (m.Key, to)));

    /// <summary>States an import can be executed (or resumed by a worker) from.</summary>
    public static bool CanExecute(this ImportStatus status) =>
        status is ImportStatus.Uploaded or ImportStatus.Validated or ImportStatus.Failed;

    /// <summary>States whose contacts can be rolled back.</summary>
    public static bool CanRollBack(this ImportStatus status) => status.CanMove(ImportStatus.RollingBack);

    /// <summary>States a user's cancel is accepted in (the worker stops after the open batch).</summary>
    public static bool CanCancel(this ImportStatus status) => status.CanMove(ImportStatus.Cancelling);

    /// <summary>States whose failed rows can be retried (as a new import): the run has ended and its error list is
    /// complete, and its contacts were not rolled back. The caller also checks that failed rows exist.</summary>
    public static bool CanRetry(this ImportStatus status) => status.IsFinal() && Moves[status].Length > 0;

    public static bool IsFinal(this ImportStatus status) => Array.IndexOf(Final, status) >= 0;
}
