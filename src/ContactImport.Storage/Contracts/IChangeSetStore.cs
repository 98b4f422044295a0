using ContactImport.Core.Bulk;

namespace ContactImport.Storage;

/// <summary>One <c>update-where</c>: the filter, what to set, its guards, and who asks.</summary>
/// <param name="Request">The request as given (where and set, JSON), kept on the change set for people to read.</param>
public sealed record UpdateWhereCommand(
    ContactFilter Where, ContactSet Set, long? ExpectedCount, long? MaxAffected, bool DryRun, string Request,
    string? CreatedBy);

/// <summary>How an <c>update-where</c> ended; nothing is written unless <see cref="Outcome"/> is Applied.</summary>
public enum UpdateWhereOutcome
{
    Applied,
    DryRun,

    /// <summary><c>expected_count</c> differs from <see cref="UpdateWhereResult.Matched"/>.</summary>
    CountMismatch,

    /// <summary>More contacts would change than <c>max_affected</c> allows.</summary>
    LimitExceeded,
}

/// <param name="Updated">Contacts changed (or, for a dry run or a refused request, that would change).</param>
public sealed record UpdateWhereResult(UpdateWhereOutcome Outcome, long Matched, long Updated, Guid? ChangeSetId)
{
    public long Unchanged => Matched - Updated;
}

/// <summary>A change set as stored, with its undo's counts once undone.</summary>
/// <param name="ConflictIds">The first contacts an undo left alone (changed or deleted since), in id order.</param>
public sealed record ChangeSetRecord(
    Guid Id, ChangeSetStatus Status, string Request, long Matched, long Updated, long Restored, long Conflicts,
    IReadOnlyList<long> ConflictIds, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? UndoneAt);

public enum UndoOutcome
{
    Undone,
    NotFound,

    /// <summary>The change set is not in a state that can be undone (already undone).</summary>
    NotUndoable,
}

/// <summary>
/// Set-based updates of the contacts a filter matches, each kept as a change set (the before-image of every
/// contact it changed), and their undo. Every call is scoped to the company.
/// </summary>
public interface IChangeSetStore
{
    /// <summary>Counts, checks the guards and writes in one transaction: only contacts whose values change get a new
    /// version and <c>updated_at</c>, and their before-images.</summary>
    Task<UpdateWhereResult> UpdateWhereAsync(long companyId, UpdateWhereCommand command, CancellationToken cancellationToken);

    Task<ChangeSetRecord?> GetAsync(long companyId, Guid id, CancellationToken cancellationToken);

    /// <summary>Restores every before-image whose contact still has the version the change set gave it (with a new,
    /// higher version); the others are conflicts and stay as they are.</summary>
    Task<(UndoOutcome Outcome, ChangeSetRecord? ChangeSet)> UndoAsync(long companyId, Guid id, CancellationToken cancellationToken);
}
