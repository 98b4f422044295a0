using ContactImport.Core.Contacts;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteContactSearchTests() : ContactSearchContract(StoreKind.Sqlite);

public sealed class PostgresContactSearchTests() : ContactSearchContract(StoreKind.Postgres);

/// <summary>Search through the dialect's index (trigram GIN, FTS5 trigram) kept in the background, keys by equality,
/// bounded totals, keyset paging. Every answer is the same before the indexer has run, after it, and in between.</summary>
public abstract class ContactSearchContract(StoreKind kind) : StoreContract(kind)
{
    private IContactStore Contacts => Store.Contacts;

    private Task<long> AddAsync(string email, string? last = null, string? city = null, string? phoneKey = null,
        string? phone = null, string? postalCode = null, long? company = null) =>
        Contacts.CreateAsync(company ?? Company, new ContactValues
        {
            Email = email, LastName = last, City = city, PhoneKey = phoneKey, Phone = phone, PostalCode = postalCode,
        }, None);

    /// <summary>What the background indexer does: passes until nothing is queued.</summary>
    private async Task IndexAsync(int passSize = 3)
    {
        while (await Store.SearchIndex.IndexPendingAsync(passSize, None) > 0)
        {
        }
    }

    private async Task<long[]> FindAsync(string search) =>
        [.. (await Contacts.ListAsync(Company, new ContactQuery(search), None)).Items.Select(c => c.Id)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_search_finds_text_in_any_searchable_field_of_the_company_only(bool indexed)
    {
        var smith = await AddAsync("a@x.test", last: "Smithson");
        var berlin = await AddAsync("b@gmail.com", city: "Berlin", postalCode: "10115");
        var phone = await AddAsync("c@x.test", phone: "0171 2345678", phoneKey: "+491712345678");
        var other = await Store.EnsureCompanyAsync("globex", None);
        await AddAsync("a@x.test", last: "Smith", city: "Berlin", company: other);
        if (indexed)
        {
            await IndexAsync();
        }

        (await FindAsync("smith")).Should().Equal(smith);
        (await FindAsync("BERLIN")).Should().Equal(berlin);
        (await FindAsync("gmail.com")).Should().Equal(berlin);
        (await FindAsync("1011")).Should().Equal(berlin);
        (await FindAsync("+4917")).Should().Equal(new[] { phone }, "a phone prefix is text, found in the E.164 form");
        (await FindAsync("0171 23")).Should().Equal(new[] { phone }, "and in the number as written");
        (await FindAsync("mi")).Should().Equal(new[] { smith }, "a text too short for trigrams is still found");
        (await FindAsync("100%")).Should().BeEmpty("% is a character, not a wildcard");
        (await FindAsync("\"smith")).Should().BeEmpty("a quote is a character, not query syntax");
        (await FindAsync("nobody")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_full_email_or_international_phone_is_looked_up_by_its_key()
    {
        var ada = await AddAsync("ada@example.com", phoneKey: "+491712345678");
        await AddAsync("nada@example.com");

        (await FindAsync(" ADA@example.com ")).Should().Equal(ada);
        (await FindAsync("da@example.com")).Should().BeEmpty("a full e-mail is a key, not a substring");
        (await FindAsync("+49 171 2345678")).Should().Equal(ada);
    }

    [Fact]
    public async Task The_search_index_follows_updates_and_deletes_and_is_exact_before_it_has_caught_up()
    {
        var id = await AddAsync("a@x.test", city: "Paris");
        var gone = await AddAsync("b@x.test", city: "Paris");
        await IndexAsync();

        await Contacts.UpdateAsync(Company, id, new ContactValues { Email = "a@x.test", City = "Lyon" }, None);
        await Contacts.DeleteAsync(Company, gone, None);

        (await FindAsync("paris")).Should().BeEmpty("the index still says Paris; the live rows do not");
        (await FindAsync("lyon")).Should().Equal(new[] { id }, "the changed contact is queued and read live");
        await IndexAsync();
        (await FindAsync("paris")).Should().BeEmpty();
        (await FindAsync("lyon")).Should().Equal(id);
    }

    [Fact]
    public async Task A_reused_contact_id_is_indexed_with_its_new_text()
    {
        // SQLite hands out the largest id plus one: a deleted last contact's id comes back.
        var kept = await AddAsync("a@x.test", city: "Oslo");
        var last = await AddAsync("b@x.test", city: "Paris");
        await IndexAsync();
        await Contacts.DeleteAsync(Company, last, None);
        await IndexAsync();

        var again = await AddAsync("c@x.test", city: "Lyon");
        await IndexAsync();

        (await FindAsync("lyon")).Should().Equal(again);
        (await FindAsync("paris")).Should().BeEmpty();
        (await FindAsync("oslo")).Should().Equal(kept);
    }

    [Fact]
    public async Task An_import_queues_its_contacts_and_the_indexer_takes_them_in_passes()
    {
        // Five statements of ten contacts, as an import's batches (PostgreSQL queues one row per statement).
        for (var batch = 0; batch < 5; batch++)
        {
            await Db.ExecuteAsync(
                "INSERT INTO contacts (company_id, email, last_name, created_at, updated_at, version) " +
                (Kind == StoreKind.Sqlite
                    ? $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT {Company}, 'q{batch}-' || i || '@x.test', 'Queued', 0, 0, 1 FROM n"
                    : $"SELECT {Company}, 'q{batch}-' || i || '@x.test', 'Queued', now(), now(), 1 FROM generate_series(1, 10) i"));
        }

        var passes = 0;
        var seen = 0;
        int pass;
        while ((pass = await Store.SearchIndex.IndexPendingAsync(20, None)) > 0)
        {
            passes++;
            seen += pass;
        }

        passes.Should().BeInRange(3, 5, "a pass takes about as many contacts as it is given");
        seen.Should().BeGreaterThanOrEqualTo(50);
        (await Contacts.ListAsync(Company, new ContactQuery("queued"), None)).Total.Should().Be(50);
    }

    [Fact]
    public async Task Keyset_pages_follow_next_cursor_through_every_contact_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await AddAsync($"p{i}@x.test", last: "Page"));
        }

        var seen = new List<long>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await Contacts.ListAsync(Company, new ContactQuery("page", PageSize: 3, After: cursor), None);
            seen.AddRange(page.Items.Select(c => c.Id));
            page.Total.Should().Be(7);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        seen.Should().Equal(ids);
    }

    [Fact]
    public async Task Past_the_exact_limit_the_total_is_estimated_or_capped_not_counted_per_page()
    {
        await Db.ExecuteAsync(
            "INSERT INTO contacts (company_id, email, last_name, created_at, updated_at, version) " +
            (Kind == StoreKind.Sqlite
                ? $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) SELECT {Company}, 'm' || i || '@x.test', 'Many', 0, 0, 1 FROM n"
                : $"SELECT {Company}, 'm' || i || '@x.test', 'Many', now(), now(), 1 FROM generate_series(1, 1200) i"));
        await IndexAsync(passSize: 500);
        if (Kind == StoreKind.Postgres)
        {
            await Db.ExecuteAsync("ANALYZE contacts; ANALYZE contact_search");
        }

        var few = await Contacts.ListAsync(Company, new ContactQuery("m12"), None);
        var many = await Contacts.ListAsync(Company, new ContactQuery("many", PageSize: 10), None);

        few.Total.Should().Be(12, "m12, m120 … m129, m1200 — under the limit the total is exact");
        few.TotalIsEstimate.Should().BeFalse();
        many.Items.Should().HaveCount(10);
        many.Total.Should().BeGreaterThan(ContactQuery.ExactTotalLimit);
        // PostgreSQL answers with its planner's estimate; SQLite counts exactly up to a cap far above this.
        many.TotalIsEstimate.Should().Be(Kind == StoreKind.Postgres);
        if (Kind == StoreKind.Sqlite)
        {
            many.Total.Should().Be(1200);
        }
    }
}
