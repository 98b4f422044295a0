using ContactImport.Core;
using ContactImport.Storage;

namespace ContactImport.Endpoints.Bulk;

/// <summary>Records update-where and undo on the service's meter (<see cref="Telemetry"/>): one call, a few additions.</summary>
internal static class BulkWhereMetrics
{
    public static void UpdateWhere(UpdateWhereResult result, TimeSpan elapsed)
    {
        var outcome = new KeyValuePair<string, object?>("result", result.Outcome switch
        {
            UpdateWhereOutcome.Applied => "applied",
            UpdateWhereOutcome.DryRun => "dry_run",
            UpdateWhereOutcome.CountMismatch => "count_mismatch",
            _ => "limit_exceeded",
        });
        Telemetry.UpdateWhereDuration.Record(elapsed.TotalSeconds, outcome);
        if (result.Outcome == UpdateWhereOutcome.Applied)
        {
            Telemetry.UpdateWhereContacts.Add(result.Updated, new KeyValuePair<string, object?>("outcome", "updated"));
            Telemetry.UpdateWhereContacts.Add(result.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        }
    }

    public static void Undo(UndoOutcome outcome, ChangeSetRecord? changeSet, TimeSpan elapsed)
    {
        Telemetry.ChangeSetUndoDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("result", outcome == UndoOutcome.Undone ? "undone" : outcome == UndoOutcome.NotFound ? "not_found" : "not_undoable"));
        if (outcome == UndoOutcome.Undone && changeSet is not null)
        {
            Telemetry.ChangeSetUndoContacts.Add(changeSet.Restored, new KeyValuePair<string, object?>("outcome", "restored"));
            Telemetry.ChangeSetUndoContacts.Add(changeSet.Conflicts, new KeyValuePair<string, object?>("outcome", "conflict"));
        }
    }
}
