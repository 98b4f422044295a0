using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using static ContactImport.Tests.Merging.Build;

namespace ContactImport.Tests.Merging;

/// <summary>What the bulk API asks of the import's decider: its key order, rows bound to ids, cleared fields, no insert,
/// and each row's decision.</summary>
public sealed class DecideOptionsTests
{
    private static BatchPlan Decide(DuplicateStrategy strategy, StoredContact[] existing, DecideOptions options,
        params ContactValues[] rows) =>
        BatchDecider.Decide([.. rows.Select((v, i) => Row(i + 1, v))], existing, strategy, options);

    [Fact]
    public void The_match_order_decides_which_key_wins()
    {
        var byExt = Stored(1, Values(ext: "E1"));
        var byEmail = Stored(2, Values(email: "b@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [byExt, byEmail],
            new DecideOptions { MatchOrder = [KeyKind.Email, KeyKind.ExternalId], RecordDecisions = true },
            Values(ext: "E9", email: "b@x.com", first: "Zoe"));

        plan.Decisions!.Single().Matched!.Id.Should().Be(2);
    }

    [Fact]
    public void A_pinned_row_updates_its_contact_and_fails_not_found_when_it_is_absent()
    {
        var contact = Stored(7, Values(email: "a@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [contact],
            new DecideOptions { Pinned = [7, 8], RecordDecisions = true },
            Values(first: "Ann"), Values(first: "Bob"));

        plan.Decisions!.Select(d => (d.Outcome, d.Failure)).Should().Equal(
            (RowOutcome.Updated, DecisionFailure.None), (RowOutcome.Failed, DecisionFailure.NotFound));
        plan.Updates.Single().After.FirstName.Should().Be("Ann");
    }

    [Fact]
    public void Cleared_fields_are_emptied_by_an_update()
    {
        var contact = Stored(1, Values(email: "a@x.com", first: "Ann", company: "Acme"));

        var plan = Decide(DuplicateStrategy.Update, [contact],
            new DecideOptions { Clears = [[ScalarField.Company]], RecordDecisions = true },
            Values(email: "a@x.com"));

        plan.Updates.Single().After.Company.Should().BeNull();
        plan.Decisions!.Single().Final!.FirstName.Should().Be("Ann");
    }

    [Fact]
    public void Without_inserts_an_unmatched_row_fails_not_found_and_a_taken_key_names_its_holder()
    {
        var a = Stored(1, Values(email: "a@x.com"));
        var b = Stored(2, Values(email: "b@x.com", ext: "B"));

        var plan = Decide(DuplicateStrategy.Update, [a, b],
            new DecideOptions { InsertUnmatched = false, RecordDecisions = true },
            Values(email: "new@x.com"), Values(email: "a@x.com", ext: "B"));

        plan.Inserts.Should().BeEmpty();
        plan.Decisions![0].Failure.Should().Be(DecisionFailure.NotFound);
        // Matched by external_id (contact 2), its e-mail would be contact 1's.
        (plan.Decisions[1].Failure, plan.Decisions[1].OwnerId).Should().Be((DecisionFailure.KeyOfAnother, 1L));
    }
}
