namespace ContactImport.Core.Bulk;

/// <summary>The lifecycle of a change set (the before-images of one <c>update-where</c>).</summary>
public enum ChangeSetStatus
{
    Applied,
    Undone,
}

public static class ChangeSetStatuses
{
    private static readonly string[] Wire = ["applied", "undone"];

    /// <summary>Every legal move, in one place (the schema's CHECK holds the same names).</summary>
    private static readonly Dictionary<ChangeSetStatus, ChangeSetStatus[]> Moves = new()
    {
        [ChangeSetStatus.Applied] = [ChangeSetStatus.Undone],
        [ChangeSetStatus.Undone] = [],
    };

    public static string ToWire(this ChangeSetStatus status) => Wire[(int)status];

    public static ChangeSetStatus Parse(string wire)
    {
        var index = Array.IndexOf(Wire, wire);
        return index >= 0 ? (ChangeSetStatus)index : throw new ArgumentException($"unknown change set status '{wire}'", nameof(wire));
    }

    public static bool CanMove(this ChangeSetStatus from, ChangeSetStatus to) => Array.IndexOf(Moves[from], to) >= 0;

    /// <summary>The statuses a change set may move to <paramref name="to"/> from (what the store's compare-and-set accepts).</summary>
    public static ChangeSetStatus[] MovesTo(ChangeSetStatus to) => [.. Moves.Keys.Where(from => from.CanMove(to))];
}
