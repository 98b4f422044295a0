using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteUploadStoreTests() : UploadStoreContract(StoreKind.Sqlite);

public sealed class PostgresUploadStoreTests() : UploadStoreContract(StoreKind.Postgres);

/// <summary>The uploads contract: files kept in chunks, read back exactly, purged after retention.</summary>
public abstract class UploadStoreContract(StoreKind kind) : StoreContract(kind)
{
    [Fact]
    public async Task A_saved_upload_reads_back_byte_for_byte_across_chunks()
    {
        var content = new byte[(1 << 20) * 2 + 12345]; // three chunks, the last one short
        new Random(7).NextBytes(content);
        var import = await NewImportAsync();

        await Store.Uploads.SaveAsync(import.Id, new MemoryStream(content), None);
        var read = new MemoryStream();

        (await Store.Uploads.ReadAsync(import.Id, read, None)).Should().BeTrue();
        read.ToArray().Should().Equal(content);
    }

    [Fact]
    public async Task Reading_an_upload_that_was_never_saved_returns_false_and_writes_nothing()
    {
        var read = new MemoryStream();

        (await Store.Uploads.ReadAsync(Guid.NewGuid(), read, None)).Should().BeFalse();
        read.Length.Should().Be(0);
    }

    [Fact]
    public async Task Purge_removes_old_uploads_but_keeps_recent_ones_and_those_a_job_still_needs()
    {
        var old = await NewImportAsync(createdAt: DateTimeOffset.UtcNow.AddDays(-10));
        var oldWithJob = await NewImportAsync(createdAt: DateTimeOffset.UtcNow.AddDays(-10));
        var recent = await NewImportAsync();
        foreach (var import in new[] { old, oldWithJob, recent })
        {
            await Store.Uploads.SaveAsync(import.Id, new MemoryStream([1, 2, 3]), None);
        }

        await Store.Jobs.EnqueueAsync(JobKinds.Import, oldWithJob.Id, Company, null, None);

        (await Store.Uploads.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-1), None)).Should().Be(1);

        (await Store.Uploads.ReadAsync(old.Id, new MemoryStream(), None)).Should().BeFalse("it was purged");
        (await Store.Uploads.ReadAsync(oldWithJob.Id, new MemoryStream(), None)).Should().BeTrue("a queued job needs it");
        (await Store.Uploads.ReadAsync(recent.Id, new MemoryStream(), None)).Should().BeTrue("it is within retention");
    }

    [Fact]
    public async Task An_empty_upload_is_saved_as_nothing()
    {
        var import = await NewImportAsync();

        await Store.Uploads.SaveAsync(import.Id, new MemoryStream(), None);

        (await Store.Uploads.ReadAsync(import.Id, new MemoryStream(), None)).Should().BeFalse();
    }
}
