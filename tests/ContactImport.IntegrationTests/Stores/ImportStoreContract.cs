using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteImportStoreTests() : ImportStoreContract(StoreKind.Sqlite);

public sealed class PostgresImportStoreTests() : ImportStoreContract(StoreKind.Postgres);

/// <summary>The imports contract: records, history, status moves, failed rows, batch timings, rollback.</summary>
public abstract class ImportStoreContract(StoreKind kind) : StoreContract(kind)
{
    private IImportStore Imports => Store.Imports;

    [Fact]
    public async Task A_created_import_reads_back_with_every_field()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var record = new ImportRecord
        {
            Id = Guid.NewGuid(), CompanyId = Company, FileName = "people.csv", SizeBytes = 1234, Format = "csv",
            Encoding = "utf-8", Separator = ";", Headers = "[\"email\"]", Mapping = "{\"email\":\"email\"}",
            Options = "{}", Status = ImportStatus.CompletedWithErrors, Total = 10, TotalBatches = 2,
            Counts = new ImportCounts(1, 2, 3, 4, 5, 6, Warnings: 3), RowsConsumed = 10, BatchesDone = 2, ContactsRemoved = 7,
            ContactsRestored = 8, Conflicts = 9, ConflictIds = "[1]", Error = "some", RetryOf = Guid.NewGuid(),
            CreatedBy = "alice", FilePath = "/tmp/x.csv", CreatedAt = now, StartedAt = now.AddSeconds(1),
            FinishedAt = now.AddSeconds(2), DurationMs = 1000, DeletedAt = null,
            FileWarnings = "[\"2 line(s) before the header were skipped.\"]",
        };

        await Imports.CreateAsync(record, None);

        (await Imports.GetAsync(Company, record.Id, None)).Should().Be(record);
    }

    [Fact]
    public async Task Another_company_cannot_see_an_import()
    {
        var import = await NewImportAsync();
        var other = await Store.EnsureCompanyAsync("globex", None);

        (await Imports.GetAsync(other, import.Id, None)).Should().BeNull();
        (await Imports.ListAsync(other, new ImportQuery(), None)).Total.Should().Be(0);
    }

    [Fact]
    public async Task The_history_lists_newest_first_filters_by_status_and_pages()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var a = await NewImportAsync(status: ImportStatus.Completed, createdAt: start);
        var b = await NewImportAsync(status: ImportStatus.Failed, createdAt: start.AddMinutes(1));
        var c = await NewImportAsync(status: ImportStatus.Completed, createdAt: start.AddMinutes(2));

        var all = await Imports.ListAsync(Company, new ImportQuery(), None);
        var completed = await Imports.ListAsync(Company, new ImportQuery(Status: ImportStatus.Completed), None);
        var page2 = await Imports.ListAsync(Company, new ImportQuery(Page: 2, PageSize: 2), None);
        var window = await Imports.ListAsync(Company, new ImportQuery(From: start.AddSeconds(30), To: start.AddSeconds(90)), None);

        all.Items.Select(i => i.Id).Should().Equal(c.Id, b.Id, a.Id);
        completed.Items.Select(i => i.Id).Should().Equal(c.Id, a.Id);
        completed.Total.Should().Be(2);
        page2.Items.Select(i => i.Id).Should().Equal(a.Id);
        page2.Total.Should().Be(3);
        window.Items.Select(i => i.Id).Should().Equal(b.Id);
    }

    [Fact]
    public async Task Deleted_imports_leave_the_history_unless_asked_for()
    {
        var import = await NewImportAsync(status: ImportStatus.Completed);
        await Imports.UpdateAsync(import with { DeletedAt = DateTimeOffset.UtcNow }, None);

        (await Imports.ListAsync(Company, new ImportQuery(), None)).Total.Should().Be(0);
        (await Imports.ListAsync(Company, new ImportQuery(IncludeDeleted: true), None)).Total.Should().Be(1);
    }

    [Fact]
    public async Task The_summary_counts_imports_per_status_and_sums_their_rows()
    {
        await Imports.CreateAsync(NewRecord(ImportStatus.Completed) with { Total = 10, Counts = new ImportCounts(10, 0, 0, 0, 0, 0) }, None);
        await Imports.CreateAsync(NewRecord(ImportStatus.Completed) with { Total = 5, Counts = new ImportCounts(1, 2, 0, 0, 0, 2) }, None);
        await Imports.CreateAsync(NewRecord(ImportStatus.Failed) with { Total = 3, Counts = new ImportCounts(0, 0, 0, 0, 0, 3) }, None);

        var summary = await Imports.SummarizeAsync(Company, None);

        summary.ByStatus.Should().BeEquivalentTo(new Dictionary<string, long> { ["completed"] = 2, ["failed"] = 1 });
        summary.Should().Match<ImportSummary>(s => s.Imports == 3 && s.Rows == 18 && s.Inserted == 11 && s.Updated == 2
            && s.Failed == 5);
    }

    [Fact]
    public async Task A_transition_moves_the_status_only_from_the_given_statuses()
    {
        var import = await NewImportAsync(status: ImportStatus.Queued);

        (await Imports.TransitionAsync(import.Id, [ImportStatus.Running], ImportStatus.Cancelling, None)).Should().BeFalse();
        (await Imports.TransitionAsync(import.Id, [ImportStatus.Queued, ImportStatus.Running], ImportStatus.Cancelling, None))
            .Should().BeTrue();

        (await Imports.GetAsync(Company, import.Id, None))!.Status.Should().Be(ImportStatus.Cancelling);
    }

    [Fact]
    public async Task A_transition_the_state_machine_does_not_allow_throws_and_changes_nothing()
    {
        var import = await NewImportAsync(status: ImportStatus.Completed);

        await FluentActions.Awaiting(() => Imports.TransitionAsync(import.Id, [ImportStatus.Completed], ImportStatus.Running, None))
            .Should().ThrowAsync<InvalidOperationException>();

        (await Imports.GetAsync(Company, import.Id, None))!.Status.Should().Be(ImportStatus.Completed);
    }

    [Fact]
    public async Task An_update_writes_the_fields_but_keeps_the_status_when_the_move_is_not_legal()
    {
        var import = await NewImportAsync(status: ImportStatus.Cancelling);

        await Imports.UpdateAsync(import with { Status = ImportStatus.Running, Total = 42 }, None);

        var stored = (await Imports.GetAsync(Company, import.Id, None))!;
        stored.Total.Should().Be(42);
        stored.Status.Should().Be(ImportStatus.Cancelling, "a cancel asked for is not overwritten by a starting run");

        await Imports.UpdateAsync(stored with { Status = ImportStatus.Cancelled }, None);
        (await Imports.GetAsync(Company, import.Id, None))!.Status.Should().Be(ImportStatus.Cancelled);
    }

    [Fact]
    public async Task An_unknown_import_status_is_refused_by_the_schema()
    {
        var import = await NewImportAsync();

        await FluentActions.Awaiting(() => Db.ExecuteAsync($"UPDATE imports SET status = 'paused' WHERE id = '{import.Id}'"))
            .Should().ThrowAsync<Exception>().WithMessage("*imports*status*");
    }

    [Fact]
    public async Task Failed_rows_read_back_in_row_order_and_clearing_removes_them()
    {
        var import = await NewImportAsync();
        await Imports.AddErrorsAsync(import.Id,
        [
            new FailedRow(new RowError(7, 8, "email", "nope", "invalid e-mail"), ["nope", "x"]),
            new FailedRow(new RowError(2, 3, null, null, "empty row"), []),
        ], None);

        var errors = await ReadErrorsAsync(import.Id);

        errors.Select(e => (e.Row, e.Line, e.Column, e.Value, e.Reason)).Should().Equal(
            (2L, 3L, (string?)null, (string?)null, "empty row"), (7L, 8L, "email", "nope", "invalid e-mail"));
        errors[1].Raw.Should().Equal("nope", "x");

        await Imports.ClearErrorsAsync(import.Id, None);
        (await ReadErrorsAsync(import.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Findings_keep_their_level_and_the_schema_refuses_any_other()
    {
        var import = await NewImportAsync();
        await Imports.AddErrorsAsync(import.Id,
        [
            new FailedRow(new RowError(3, 4, "phone", "555", "invalid phone number") { Level = FindingLevel.Warning }, ["a@x.com", "555"]),
            new FailedRow(new RowError(5, 6, null, null, "row has no e-mail, phone or external id"), ["", ""]),
        ], None);

        var errors = await ReadErrorsAsync(import.Id);

        errors.Select(e => (e.Row, e.Level, e.Value)).Should().Equal(
            (3L, FindingLevel.Warning, "555"), (5L, FindingLevel.Error, (string?)null));
        await FluentActions.Awaiting(() => Db.ExecuteAsync($"UPDATE import_errors SET level = 'info' WHERE import_id = '{import.Id}'"))
            .Should().ThrowAsync<Exception>().WithMessage("*level*");
    }

    [Fact]
    public async Task A_batch_writes_its_warnings_beside_its_failures_and_counts_them_in_the_checkpoint()
    {
        var import = await NewImportAsync(status: ImportStatus.Running);
        await using (var session = await Store.Batches.OpenSessionAsync(Company, singleTransaction: false, None))
        {
            await using var scope = await session.BeginBatchAsync(None);
            await scope.LookupAsync(new BatchKeys([], ["w@x.test"], []), None);
            var plan = new BatchPlan();
            plan.Inserts.Add(new Core.Contacts.ContactValues { Email = "w@x.test", Phone = "555" });
            plan.Failures.Add(new FailedRow(new RowError(2, 3, "email", "bad", "invalid e-mail"), ["bad", ""]));
            plan.Warnings.Add(new FailedRow(new RowError(1, 2, "phone", "555", "invalid phone number") { Level = FindingLevel.Warning },
                ["w@x.test", "555"]));
            plan.Counts = new ImportCounts(1, 0, 0, 0, 0, 1, Warnings: 1);
            await scope.WriteAsync(new BatchWrite(import.Id, plan, new ImportCheckpoint(2, plan.Counts, 1), 1, 2, 1,
                DateTimeOffset.UtcNow), None);
            await scope.CommitAsync(None);
            await session.CompleteAsync(commit: true, None);
        }

        (await Imports.GetAsync(Company, import.Id, None))!.Counts.Should().Be(new ImportCounts(1, 0, 0, 0, 0, 1, Warnings: 1));
        (await ReadErrorsAsync(import.Id)).Select(e => (e.Row, e.Level, e.Column)).Should().Equal(
            (1L, FindingLevel.Warning, "phone"), (2L, FindingLevel.Error, "email"));
    }

    [Fact]
    public async Task A_huge_failed_value_is_kept_to_ten_thousand_characters()
    {
        var import = await NewImportAsync();
        var huge = new string('x', 50_000);

        await Imports.AddErrorsAsync(import.Id, [new FailedRow(new RowError(1, 2, "notes", huge, "too long"), [huge])], None);

        var error = (await ReadErrorsAsync(import.Id)).Single();
        error.Value.Should().HaveLength(10_001).And.EndWith("…");
        error.Raw.Single().Should().HaveLength(10_001);
    }

    [Fact]
    public async Task Batch_timings_and_a_rollback_follow_what_the_batch_writer_wrote()
    {
        var import = await NewImportAsync(status: ImportStatus.Running);
        await using (var session = await Store.Batches.OpenSessionAsync(Company, singleTransaction: false, None))
        {
            await BatchWriting.WriteAsync(session, import.Id, 1, ["a@x.test", "b@x.test"], rowsConsumed: 2);
            await BatchWriting.WriteAsync(session, import.Id, 2, ["c@x.test"], rowsConsumed: 3);
            await session.CompleteAsync(commit: true, None);
        }

        (await Imports.GetBatchTimingsAsync(import.Id, None)).Select(b => (b.Batch, b.Rows)).Should().Equal((1, 2), (2, 1));
        (await Imports.GetAsync(Company, import.Id, None))!.RowsConsumed.Should().Be(3);

        var rollback = await Imports.RollbackAsync(Company, import.Id, None);

        rollback.Should().BeEquivalentTo(new RollbackResult(3, 0, 0, []));
        (await Store.Contacts.ListAsync(Company, null, 1, 10, None)).Total.Should().Be(0);
    }

    private ImportRecord NewRecord(ImportStatus status) => new()
    {
        Id = Guid.NewGuid(), CompanyId = Company, FileName = "c.csv", Status = status, CreatedAt = DateTimeOffset.UtcNow,
    };

    private async Task<List<ImportErrorRecord>> ReadErrorsAsync(Guid import)
    {
        var list = new List<ImportErrorRecord>();
        await foreach (var e in Imports.ReadErrorsAsync(import, None))
        {
            list.Add(e);
        }

        return list;
    }
}

/// <summary>Writes one batch of new contacts through the hot path, as the pipeline would.</summary>
internal static class BatchWriting
{
    public static async Task WriteAsync(IImportSession session, Guid import, int batch, string[] emails, long rowsConsumed)
    {
        await using var scope = await session.BeginBatchAsync(CancellationToken.None);
        await scope.LookupAsync(new BatchKeys([], emails, []), CancellationToken.None);
        var plan = new BatchPlan();
        plan.Inserts.AddRange(emails.Select(e => new Core.Contacts.ContactValues { Email = e }));
        plan.Counts = new ImportCounts(emails.Length, 0, 0, 0, 0, 0);
        await scope.WriteAsync(
            new BatchWrite(import, plan, new ImportCheckpoint(rowsConsumed, plan.Counts, batch), batch, emails.Length, 1,
                DateTimeOffset.UtcNow),
            CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
    }
}
