using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using static ContactImport.Tests.Merging.Build;

namespace ContactImport.Tests.Merging;

/// <summary>The lenient rule in the decision: warnings are counted per imported row, an invalid value never replaces a
/// valid one, and <c>clear_empty</c> clears only under <c>update</c>.</summary>
public sealed class LenientMergeTests
{
    private static RowError Warning(long row, string column) =>
        new(row, row + 1, column, "bad", "invalid") { Level = FindingLevel.Warning };

    private static PreparedRow Warned(long row, ContactValues values, params string[] columns) =>
        Row(row, values) with { Warnings = [.. columns.Select(c => Warning(row, c))] };

    /// <summary>A phone kept as written under the lenient rule: display text, no key.</summary>
    private static ContactValues InvalidPhone(string display, string? email = null, string? ext = null)
    {
        var v = Values(email: email, ext: ext);
        v.Phone = display;
        return v;
    }

    [Fact]
    public void Rows_that_import_with_warnings_are_counted_once_each_outside_the_sum()
    {
        var existing = Stored(1, Values(email: "old@x.com"));

        var plan = BatchDecider.Decide(
            [Warned(1, Values(email: "new@x.com"), "Phone", "Birthday"), Warned(2, Values(email: "old@x.com", city: "Oslo"), "Website"),
                Row(3, Values(email: "plain@x.com"))],
            [existing], DuplicateStrategy.Update);

        plan.Counts.Should().Be(new ImportCounts(2, 1, 0, 0, 0, 0, Warnings: 2));
        plan.Counts.Processed.Should().Be(3, "warnings are not part of the sum");
        plan.Warnings.Select(w => (w.Error.Row, w.Error.Column, w.Error.Level)).Should().Equal(
            (1L, "Phone", FindingLevel.Warning), (1L, "Birthday", FindingLevel.Warning), (2L, "Website", FindingLevel.Warning));
        plan.Warnings[0].Raw.Should().Equal("raw-1");
    }

    [Fact]
    public void A_skipped_rows_warnings_are_dropped_and_a_failed_rows_are_reported_but_not_counted()
    {
        var existing = Stored(1, Values(email: "a@x.com"));
        var failed = new PreparedRow(2, 3, ["raw-2"], null, new RowError(2, 3, "email", "x", "invalid e-mail"))
        {
            Warnings = [Warning(2, "Birthday")],
        };

        var plan = BatchDecider.Decide([Warned(1, Values(email: "a@x.com"), "Phone"), failed], [existing], DuplicateStrategy.Skip);

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 0, 1, 1));
        plan.Warnings.Should().ContainSingle().Which.Error.Column.Should().Be("Birthday");
        plan.Failures.Should().ContainSingle().Which.Error.Column.Should().Be("email");
    }

    [Fact]
    public void Under_update_an_invalid_phone_never_replaces_a_valid_one()
    {
        var target = Values(email: "a@x.com", phone: "415-555-0100");

        ContactMergeRules.ApplyUpdate(target, InvalidPhone("call reception", email: "a@x.com"));

        target.Phone.Should().Be("415-555-0100");
        target.PhoneKey.Should().Be("+14155550100");
        target.ExtraPhones.Should().Equal("call reception");
    }

    [Fact]
    public void Under_update_an_invalid_phone_fills_a_contact_without_a_valid_one()
    {
        var target = Values(email: "a@x.com");

        ContactMergeRules.ApplyUpdate(target, InvalidPhone("call reception", email: "a@x.com"));

        target.Phone.Should().Be("call reception");
        target.PhoneKey.Should().BeNull();
    }

    [Fact]
    public void Under_merge_an_invalid_phone_beside_a_valid_one_becomes_an_extra_phone()
    {
        var target = Values(email: "a@x.com", phone: "415-555-0100");

        ContactMergeRules.ApplyMerge(target, InvalidPhone("call reception", email: "a@x.com"));

        target.PhoneKey.Should().Be("+14155550100");
        target.ExtraPhones.Should().Equal("call reception");
    }

    [Fact]
    public void Update_clears_the_fields_a_row_clears_and_keeps_the_others()
    {
        var stored = Stored(1, Values(ext: "E1", email: "a@x.com", phone: "415-555-0100", company: "Acme", city: "Oslo"));
        var row = Values(ext: "E1", first: "Ann");
        row.Cleared = [ScalarField.Company, ScalarField.Phone];

        var plan = BatchDecider.Decide([Row(1, row)], [stored], DuplicateStrategy.Update);

        var after = plan.Updates.Should().ContainSingle().Subject.After;
        after.Company.Should().BeNull();
        after.Phone.Should().BeNull();
        after.PhoneKey.Should().BeNull();
        after.City.Should().Be("Oslo");
        after.Email.Should().Be("a@x.com");
        after.FirstName.Should().Be("Ann");
    }

    [Fact]
    public void Merge_ignores_cleared_fields()
    {
        var stored = Stored(1, Values(email: "a@x.com", company: "Acme"));
        var row = Values(email: "a@x.com");
        row.Cleared = [ScalarField.Company];

        var plan = BatchDecider.Decide([Row(1, row)], [stored], DuplicateStrategy.Merge);

        plan.Counts.Unchanged.Should().Be(1);
        plan.Updates.Should().BeEmpty();
    }
}
