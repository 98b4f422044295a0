using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>Uploads and retry files live only in the server's private folder, and not beyond their request.</summary>
public sealed class ScratchFolderTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task An_upload_a_retry_and_their_imports_leave_nothing_in_the_temp_folder_and_an_empty_private_folder(string store)
    {
        var root = Path.Combine(Path.GetTempPath(), "ci-tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            await using var env = await CreateAsync(store, log);
            var key = await env.CreateKeyAsync("acme");
            var server = await env.StartServerAsync(environment: new Dictionary<string, string> { ["TMPDIR"] = root });
            var http = env.Client(server, key);

            var csv = "email,first_name,backup_address\n" +
                      "ok1@example.com,Ann,\n" +
                      "n/a,Eve,eve@example.com\n";
            var id = await ImportAsync(http, "scratch.csv", csv, new { });
            // Final, not just its status: the worker still holds the import's job a moment after the status is written,
            // and a retry is accepted only once it lets go (is_final).
            var original = await WaitForAsync(http, id, d => d.GetProperty("is_final").GetBoolean(), "final");
            original.GetProperty("status").GetString().Should().Be("completed_with_errors");
            Count(original, "failed").Should().Be(1);

            using var retry = await http.PostAsJsonAsync(new Uri($"/api/imports/{id}/retry", UriKind.Relative),
                new { mapping = new Dictionary<string, string> { ["email"] = "ignore", ["backup_address"] = "email" } });
            var body = await retry.Content.ReadAsStringAsync();
            retry.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
            var retryId = JsonDocument.Parse(body).RootElement.GetProperty("import_id").GetGuid();
            Count(await WaitForStatusAsync(http, retryId, "completed"), "inserted").Should().Be(1);

            var scratchRoot = Path.Combine(root, "contactimport");
            var outside = Directory.EnumerateFileSystemEntries(root, "contactimport-*", SearchOption.AllDirectories)
                .Where(p => !p.StartsWith(scratchRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            outside.Should().BeEmpty("uploads and retry files are written only inside the private folder");

            var own = Directory.GetDirectories(scratchRoot, $"{server.Id}-*");
            own.Should().ContainSingle("the running server keeps one private folder");
            // The worker removes its copy of the upload as its job ends, a moment after the import reports its status.
            await Eventually.Until(() => Task.FromResult(!Directory.EnumerateFileSystemEntries(own[0]).Any()),
                () => $"every request and job to remove its files, but {own[0]} holds " +
                    string.Join(", ", Directory.EnumerateFileSystemEntries(own[0])), TimeSpan.FromSeconds(15));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
