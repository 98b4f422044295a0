using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Tests.Pipeline;

/// <summary>Look-ups skipped for keys an import into an empty company has never written (see KnownKeys).</summary>
public sealed class KnownKeysTests
{
    private static async Task<PipelineResult> Run(FakeImportTarget target, params string[] emails)
    {
        var run = new PipelineRun(Guid.NewGuid(), 1, new FakeRowSource(emails), new FakePreparer().Prepare,
            new ImportOptions { BatchSize = 3 }, ImportCheckpoint.Start);
        return await new ImportPipeline(target).RunAsync(run, CancellationToken.None);
    }

    [Fact]
    public async Task An_import_into_an_empty_company_looks_up_only_keys_it_wrote_before()
    {
        var target = new FakeImportTarget();

        var result = await Run(target, "a@x.com", "b@x.com", "c@x.com", "a@x.com", "d@x.com", "e@x.com");

        target.Lookups.Should().HaveCount(2);
        target.Lookups[0].Emails.Should().BeEmpty("the company was empty, nothing can match");
        target.Lookups[1].Emails.Should().Equal("a@x.com");
        result.Final.Counts.Inserted.Should().Be(5);
        result.Final.Counts.Skipped.Should().Be(1);
        target.Contacts.Where(c => c.Values.Email == "a@x.com").Should().ContainSingle();
    }

    [Fact]
    public async Task A_contact_another_writer_adds_between_batches_is_still_matched()
    {
        FakeImportTarget? target = null;
        target = new FakeImportTarget
        {
            AfterCommit = w =>
            {
                if (w.BatchNumber == 1)
                {
                    target!.AddFromElsewhere(new ContactValues { Email = "d@x.com" });
                }
            },
        };

        var result = await Run(target, "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com");

        target.Lookups[1].Emails.Should().BeEquivalentTo(["d@x.com", "e@x.com", "f@x.com"],
            "the epoch moved, so every key is looked up again");
        result.Final.Counts.Skipped.Should().Be(1);
        target.Contacts.Where(c => c.Values.Email == "d@x.com").Should().ContainSingle();
    }

    [Fact]
    public async Task A_company_that_already_has_contacts_gets_full_look_ups()
    {
        var target = new FakeImportTarget();
        target.AddFromElsewhere(new ContactValues { Email = "z@x.com" });

        await Run(target, "a@x.com", "b@x.com", "z@x.com");

        target.Lookups.Should().ContainSingle().Which.Emails.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_store_that_cannot_tell_its_epoch_gets_full_look_ups()
    {
        var target = new FakeImportTarget { Epoch = null };

        await Run(target, "a@x.com", "b@x.com", "c@x.com", "d@x.com");

        target.Lookups.Select(k => k.Emails.Length).Should().Equal(3, 1);
    }

    [Fact]
    public async Task The_filter_never_drops_a_key_it_was_given_and_proves_nearly_all_others_absent_at_3M_keys()
    {
        var known = new KnownKeys();
        await using var session = await new FakeImportTarget().OpenSessionAsync(1, false, CancellationToken.None);
        await using (var scope = await session.BeginBatchAsync(CancellationToken.None))
        {
            (await known.ConfirmAsync(scope, CancellationToken.None)).Should().BeTrue("the company starts empty");
        }

        // A 1M-row file's worth of keys (the size the filter is dimensioned for), remembered batch by batch.
        static ContactValues Contact(int i) => new()
        {
            ExternalId = $"ext-{i}", Email = $"person.{i}@example.com", PhoneKey = $"+1{5550000000L + i}",
        };
        const int rows = 1_000_000;
        for (var start = 0; start < rows; start += 100_000)
        {
            var plan = new BatchPlan();
            plan.Inserts.AddRange(Enumerable.Range(start, 100_000).Select(Contact));
            await known.RememberAsync(plan);
        }

        var seen = Enumerable.Range(0, rows).Where(i => i % 97 == 0).Select(Contact).ToList();
        var given = new BatchKeys([.. seen.Select(c => c.ExternalId!)], [.. seen.Select(c => c.Email!)],
            [.. seen.Select(c => c.PhoneKey!)]);
        var unseen = Enumerable.Range(rows, 100_000).Select(Contact).ToList();
        var absent = new BatchKeys([.. unseen.Select(c => c.ExternalId!)], [.. unseen.Select(c => c.Email!)],
            [.. unseen.Select(c => c.PhoneKey!)]);

        known.Narrow(given).Should().BeEquivalentTo(given, "a key that was written is always looked up");
        var falsePositives = known.Narrow(absent);
        (falsePositives.ExternalIds.Length + falsePositives.Emails.Length + falsePositives.PhoneKeys.Length)
            .Should().BeLessThan(6_000, "at most about 2% of 300,000 keys never written are looked up in vain");
    }
}
