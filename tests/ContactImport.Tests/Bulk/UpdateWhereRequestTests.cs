using ContactImport.Core.Bulk;

namespace ContactImport.Tests.Bulk;

public sealed class UpdateWhereRequestTests
{
    private static KeyValuePair<string, string?> P(string name, string? value) => new(name, value);

    [Fact]
    public void A_filter_reads_every_whitelisted_condition()
    {
        var import = Guid.NewGuid();
        var filter = ContactFilter.Parse(
        [
            P("tag", " vip "), P("company", "Acme"), P("city", "Oslo"), P("country", "NO"), P("email_domain", "@Example.COM"),
            P("imported_from", import.ToString()), P("created_from", "2026-01-01"), P("created_to", "2026-02-01T00:00:00Z"),
            P("updated_from", "2026-03-01"), P("updated_to", "2026-04-01"),
        ], out var error);

        error.Should().BeNull();
        filter!.Tag.Should().Be("vip");
        filter.EmailDomain.Should().Be("example.com");
        filter.ImportedFrom.Should().Be(import);
        filter.CreatedFrom.Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "a date without a zone is UTC");
        filter.CreatedTo.Should().Be(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        filter.UpdatedFrom.Should().NotBeNull();
        filter.UpdatedTo.Should().NotBeNull();
    }

    [Theory]
    [InlineData("town", "Oslo", "where.town is not a filter")]
    [InlineData("city", " ", "where.city: give a value")]
    [InlineData("imported_from", "nope", "where.imported_from: 'nope' is not an import id")]
    [InlineData("created_from", "yesterday", "where.created_from: 'yesterday' is not a date")]
    public void A_filter_names_the_condition_it_refuses(string name, string value, string message)
    {
        ContactFilter.Parse([P(name, value)], out var error).Should().BeNull();

        error.Should().StartWith(message);
    }

    [Fact]
    public void An_empty_filter_is_refused()
    {
        ContactFilter.Parse([], out var error).Should().BeNull();

        error.Should().StartWith("where needs at least one condition");
    }

    [Fact]
    public void A_set_is_normalized_like_an_import_and_adds_tags()
    {
        var set = ContactSet.Parse([P("city", "  New   York "), P("notes", null), P("tags", "a; B ,a")], out var error);

        error.Should().BeNull();
        set!.Scalars.Select(s => (s.Field.Name, s.Value)).Should().Equal(("city", "New York"), ("notes", null));
        set.AddTags.Should().Equal("a", "B");
    }

    [Theory]
    [InlineData("email", "a@x.test", "set.email: a match key")]
    [InlineData("phone", "+1 212 555 0100", "set.phone: a match key")]
    [InlineData("external_id", "crm-1", "set.external_id: a match key")]
    [InlineData("colour", "red", "set.colour is not a contact field")]
    [InlineData("website", "not a site", "set.website:")]
    [InlineData("birthday", "31.02.2020", "set.birthday:")]
    [InlineData("tags", null, "set.tags: give tags to add")]
    public void A_set_names_the_field_it_refuses(string name, string? value, string message)
    {
        ContactSet.Parse([P(name, value)], out var error).Should().BeNull();

        error.Should().StartWith(message);
    }
}

public sealed class ChangeSetStatusTests
{
    [Fact]
    public void A_change_set_can_only_be_undone_once_it_is_applied()
    {
        ChangeSetStatus.Applied.CanMove(ChangeSetStatus.Undone).Should().BeTrue();
        ChangeSetStatus.Undone.CanMove(ChangeSetStatus.Applied).Should().BeFalse();
        ChangeSetStatus.Undone.CanMove(ChangeSetStatus.Undone).Should().BeFalse();
        ChangeSetStatuses.MovesTo(ChangeSetStatus.Undone).Should().Equal(ChangeSetStatus.Applied);
        ChangeSetStatuses.Parse(ChangeSetStatus.Undone.ToWire()).Should().Be(ChangeSetStatus.Undone);
    }
}
