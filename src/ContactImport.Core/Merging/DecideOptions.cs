using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;

namespace ContactImport.Core.Merging;

/// <summary>
/// What the bulk API asks of <see cref="BatchDecider"/> beyond an import: its own key order, rows bound to a contact
/// id, fields a row clears, no insert for an unmatched row, and each row's decision. An import uses <see cref="Import"/>.
/// </summary>
public sealed class DecideOptions
{
    public static readonly IReadOnlyList<KeyKind> DefaultMatchOrder = [KeyKind.ExternalId, KeyKind.Email, KeyKind.Phone];

    public static readonly DecideOptions Import = new();

    /// <summary>The keys that match, first hit wins.</summary>
    public IReadOnlyList<KeyKind> MatchOrder { get; init; } = DefaultMatchOrder;

    /// <summary>Per row: the id of the existing contact it must match (an update by id), else null.</summary>
    public IReadOnlyList<long?>? Pinned { get; init; }

    /// <summary>Per row: the fields an update clears (the bulk API's <c>null</c>), else null.</summary>
    public IReadOnlyList<IReadOnlyCollection<ScalarField>?>? Clears { get; init; }

    /// <summary>False: an unmatched row fails (<see cref="DecisionFailure.NotFound"/>) instead of being inserted.</summary>
    public bool InsertUnmatched { get; init; } = true;

    /// <summary>Fill <see cref="BatchPlan.Decisions"/>.</summary>
    public bool RecordDecisions { get; init; }
}

/// <summary>Why a row failed in the decider.</summary>
public enum DecisionFailure
{
    None,
    /// <summary>The row's values did not validate.</summary>
    Invalid,
    /// <summary>It would make (or leave) a contact without a key.</summary>
    NoKey,
    /// <summary>Nothing matched, and the caller wanted no insert (or its pinned contact is absent).</summary>
    NotFound,
    /// <summary>It would take a unique key another contact holds (<see cref="RowDecision.OwnerId"/>).</summary>
    KeyOfAnother,
}

/// <summary>How one row ended, and the contact it ended on.</summary>
public sealed class RowDecision
{
    public RowOutcome Outcome { get; internal set; }

    public DecisionFailure Failure { get; internal set; }

    public RowError? Error { get; internal set; }

    /// <summary>The contact holding the key the row wanted (null when that contact is new in this batch).</summary>
    public long? OwnerId { get; internal set; }

    /// <summary>The existing contact the row matched (its before-image), null for an insert or a failure.</summary>
    public StoredContact? Matched { get; private set; }

    /// <summary>The values the row's contact ends with after the whole batch (null for a failure).</summary>
    public ContactValues? Final { get; private set; }

    internal BatchDecider.Entry? Entry { get; set; }

    internal void Resolve()
    {
        Matched = Entry?.Stored;
        Final = Entry?.Current;
        Entry = null;
    }
}
