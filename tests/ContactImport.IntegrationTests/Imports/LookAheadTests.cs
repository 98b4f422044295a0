using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>
/// PostgreSQL decides each batch during the previous one's write (LookAhead); SQLite decides each batch in its own
/// transaction. Both must end every import exactly as deciding each batch in its own transaction does, and an early
/// decision must never outlive a write by someone else.
/// </summary>
public sealed class LookAheadTests
{
    [Theory]
    [InlineData(DuplicateStrategy.Skip)]
    [InlineData(DuplicateStrategy.Update)]
    [InlineData(DuplicateStrategy.Merge)]
    public async Task Both_stores_end_a_file_full_of_cross_batch_duplicates_as_deciding_each_batch_alone_does(
        DuplicateStrategy strategy)
    {
        var lines = RowsWithManyRepeats(rows: 400, seed: 7);
        var other = RowsWithManyRepeats(rows: 400, seed: 8);
        const string unrelated = "unrelated@elsewhere.example";
        var results = new List<List<(Counts Counts, List<object> Contacts)>>();
        // The reference: a company that already has a contact, so the key filter — and with it deciding ahead — is
        // off, and every batch is looked up and decided in its own transaction.
        foreach (var (kind, reference) in new[] { (StoreKind.Sqlite, true), (StoreKind.Sqlite, false), (StoreKind.Postgres, false) })
        {
            await using var db = await StoreDatabase.CreateAsync(kind);
            if (reference)
            {
                await TestCli.ImportAsync(db, db.Csv("email", unrelated));
            }

            var runs = new List<(Counts, List<object>)>();
            // Into an empty company (the key filter is on), then a second file into the filled one (it is off).
            foreach (var file in new[] { lines, other })
            {
                var result = await TestCli.ImportAsync(db, db.Csv(file),
                    "--strategy", strategy.ToString().ToLowerInvariant(), "--batch-size", "7");
                var contacts = await db.ContactsAsync();
                runs.Add((result.Counts, contacts.Where(c => c.Email != unrelated)
                    .Select(c => (object)(c.ExternalId, c.Email, c.PhoneE164, c.FirstName, c.City, c.Tags, c.Version))
                    .ToList()));
            }

            results.Add(runs);
        }

        var expected = results[0];
        foreach (var runs in results.Skip(1))
        {
            for (var i = 0; i < expected.Count; i++)
            {
                runs[i].Counts.Should().Be(expected[i].Counts);
                runs[i].Contacts.Should().Equal(expected[i].Contacts);
            }
        }

        // The files exercise what they are meant to: repeats across batches, by every key, and refusals.
        expected.Should().AllSatisfy(run =>
        {
            run.Counts.Duplicates.Should().BeGreaterThan(100);
            run.Counts.Failed.Should().BeGreaterThan(0);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_contact_created_elsewhere_after_a_batch_is_matched_by_the_batch_decided_during_its_write(
        bool companyHasContacts)
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        if (companyHasContacts)
        {
            // The import's key filter is then off from the start (and with it, deciding ahead; the outcome is the same).
            await store.Contacts.CreateAsync(companyId, new ContactValues { Email = "old@example.com" }, CancellationToken.None);
        }

        // The phone-only row of batch 2: no unique index stands behind phones, so only the decision can match it.
        var path = db.Csv("email,phone,first_name", "a@example.com,,A", "b@example.com,,B", "c@example.com,,C",
            ",(415) 555-0142,X from the file", "y@example.com,,Y");
        var request = new ImportRequest { Options = new ImportOptions { BatchSize = 2 } };
        var service = new ImportService(store);
        var (record, _) = await service.CreateAsync(companyId, path, "five.csv", request, "test", null,
            requireContactKey: true, CancellationToken.None);
        var tracker = new ProgressTracker();
        // Batch 2 was decided while batch 1 was written; the contact appears between batch 1's commit and batch 2.
        tracker.Changed += p =>
        {
            if (p.CurrentBatch == 1)
            {
                store.Contacts.CreateAsync(companyId,
                    new ContactValues { Phone = "(415) 555-0142", PhoneKey = "+14155550142", FirstName = "X elsewhere" },
                    CancellationToken.None).GetAwaiter().GetResult();
            }
        };

        var done = await service.RunAsync(record, request, tracker, CancellationToken.None);

        done.Status.Should().Be(ImportStatus.Completed);
        done.Counts.Should().Be(new ImportCounts(Inserted: 4, Updated: 0, Merged: 0, Unchanged: 0, Skipped: 1, Failed: 0));
        (await db.ContactsAsync()).Where(c => c.PhoneE164 == "+14155550142").Select(c => c.FirstName)
            .Should().Equal("X elsewhere");
        (await db.ContactsAsync()).Should().HaveCount(companyHasContacts ? 6 : 5);
    }

    /// <summary>
    /// Rows drawn from small pools of e-mails, phones and external ids (some empty), so that most repeat a contact
    /// of an earlier batch by one key or another, some reach it only by phone, and some would take a key another
    /// contact owns; a few are invalid.
    /// </summary>
    private static string[] RowsWithManyRepeats(int rows, int seed)
    {
        var random = new Random(seed);
        string? Pick(string format, int pool, int emptyPercent) =>
            random.Next(100) < emptyPercent ? null : string.Format(format, random.Next(pool));
        var lines = new List<string> { "external_id,email,phone,first_name,city,tags" };
        for (var i = 0; i < rows; i++)
        {
            var email = Pick("p{0}@example.com", 60, 25);
            var phone = Pick("(415) 555-01{0:00}", 40, 40);
            if (email is null && phone is null)
            {
                phone = "(415) 555-0199";
            }

            if (random.Next(100) < 3)
            {
                email = "not-an-email";
            }

            lines.Add(string.Join(",", Pick("ext-{0}", 30, 85), email, phone, Pick("Name{0}", 5, 30),
                Pick("City{0}", 4, 50), Pick("t{0}", 3, 70)));
        }

        return [.. lines];
    }
}
