using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static ContactImport.IntegrationTests.Ui.UiSteps;
using static Microsoft.Playwright.Assertions;

namespace ContactImport.IntegrationTests.Ui;

/// <summary>The web UI in a real browser (headless Chromium) against a real <c>serve</c> process.</summary>
public sealed class UiTests(UiServer server) : IClassFixture<UiServer>
{
    private static readonly string[] Counts = ["total", "inserted", "updated", "merged", "unchanged", "skipped", "failed", "warnings", "duplicates"];

    [Fact]
    public async Task Uploading_a_file_in_the_browser_imports_it_with_live_progress_and_rolls_back()
    {
        var page = await server.NewPageAsync();
        var problems = WatchForErrors(page);
        var streams = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/events?access_token=", StringComparison.Ordinal))
            {
                streams.Add(request.Url);
            }
        };

        await SignInAsync(server, page);

        // Drop the file on the drop zone (a real drop event carrying a File, as a user's drag and drop does).
        var csv = await File.ReadAllTextAsync(server.Sample("contacts.csv"));
        var dataTransfer = await page.EvaluateHandleAsync(
            "([name, text]) => { const dt = new DataTransfer(); dt.items.add(new File([text], name, { type: 'text/csv' })); return dt; }",
            new[] { "contacts.csv", csv });
        await page.DispatchEventAsync("#dropzone", "drop", new Dictionary<string, object> { ["dataTransfer"] = dataTransfer });

        // The file is checked: facts, a 20-row preview, and one prefilled select per header.
        await Expect(page.Locator("#step-map")).ToBeVisibleAsync();
        await Expect(page.Locator("#file-info")).ToContainTextAsync("contacts.csv");
        await Expect(page.Locator("#file-info")).ToContainTextAsync("utf-8");
        await Expect(page.Locator("#file-info")).ToContainTextAsync("comma (,)");
        await Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(20);
        await Expect(page.Locator("#preview tbody tr").First).ToContainTextAsync("anna.schmidt@example.de");
        string[] headers = ["first_name", "last_name", "email", "phone", "company", "job_title", "city", "country", "tags", "notes"];
        await Expect(page.Locator("#mapping select")).ToHaveCountAsync(headers.Length);
        foreach (var header in headers)
        {
            await Expect(page.Locator($"#mapping select[data-header='{header}']")).ToHaveValueAsync(header);
        }

        await Expect(page.GetByLabel("Skip rows with errors and go on")).ToBeCheckedAsync();
        await server.ScreenshotAsync(page, "1-mapping");

        await page.Locator("#start-import").ClickAsync();

        // Live progress over Server-Sent Events, then the summary.
        var result = page.Locator("#result");
        await Expect(result).ToBeVisibleAsync(new() { Timeout = 30_000 });
        streams.Should().NotBeEmpty("the progress is followed with EventSource and a short-lived access token");
        await Expect(page.Locator("#progress-percent")).ToHaveTextAsync("100%");
        await Expect(page.Locator("#progress-stats [data-stat='processed']")).ToHaveTextAsync("40 / 40");
        await Expect(page.Locator("#progress-stats [data-stat='batch']")).ToHaveTextAsync("1 of 1");
        await Expect(page.Locator("#progress-stats [data-stat='warnings']")).ToHaveTextAsync("2"); // the sample's invalid e-mail and invalid phone, each beside a key
        await Expect(page.Locator("#progress-title")).ToContainTextAsync("some rows failed");
        var id = await result.GetAttributeAsync("data-import-id");
        id.Should().NotBeNullOrEmpty();
        await server.ScreenshotAsync(page, "2-result");

        // The summary shows exactly what the API reports for the import.
        using (var details = await GetJsonAsync(server, $"/api/imports/{id}"))
        {
            var api = details.RootElement;
            api.GetProperty("status").GetString().Should().Be("completed_with_errors");
            api.GetProperty("total").GetInt64().Should().Be(40);
            api.GetProperty("failed").GetInt64().Should().BeGreaterThan(0);
            foreach (var name in Counts)
            {
                var shown = await page.Locator($"#result-counts [data-stat='{name}']").InnerTextAsync();
                shown.Should().Be(api.GetProperty(name).GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    $"the summary's {name} matches the API");
            }
        }

        // The error report downloads through a Blob (the request needs the Authorization header).
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#result-errors").ClickAsync());
        download.SuggestedFilename.Should().Be($"errors-{id}.csv");
        var report = Path.Combine(server.Directory, download.SuggestedFilename);
        await download.SaveAsAsync(report);
        var lines = (await File.ReadAllLinesAsync(report)).Where(l => l.Length > 0).ToArray();
        lines[0].Should().StartWith("row,line,level,column,value,reason");

        // History lists the import; its details carry the options and per-batch timings.
        await page.GetByRole(AriaRole.Button, new() { Name = "History", Exact = true }).ClickAsync();
        var row = page.Locator($"#history-table tbody tr[data-import-id='{id}']");
        await Expect(row).ToContainTextAsync("Completed with errors");
        await Expect(page.Locator("#history-summary [data-stat='imports']")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(row.Locator("[data-stat='warnings']")).ToHaveTextAsync("2");
        await row.GetByRole(AriaRole.Button, new() { Name = "contacts.csv" }).ClickAsync();
        var card = page.Locator("#details");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToHaveAttributeAsync("data-import-id", id!);
        await Expect(card.Locator("#details-batches tbody tr")).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("skip");
        lines.Length.Should().Be(1 + int.Parse(await card.Locator("[data-stat='failed']").InnerTextAsync(),
            System.Globalization.CultureInfo.InvariantCulture) + int.Parse(await card.Locator("[data-stat='warnings']").InnerTextAsync(),
            System.Globalization.CultureInfo.InvariantCulture), "one report line per finding (these rows have one each)");
        await server.ScreenshotAsync(page, "3-history");

        // The contacts are there, searchable.
        await page.GetByRole(AriaRole.Button, new() { Name = "Contacts", Exact = true }).ClickAsync();
        await Expect(page.Locator("#contacts-page")).ToContainTextAsync("(36 in all)");
        await page.GetByLabel("Search").FillAsync("schmidt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.Locator("#contacts-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#contacts-table tbody tr")).ToContainTextAsync("anna.schmidt@example.de");
        await server.ScreenshotAsync(page, "3b-contacts");
        await page.GetByRole(AriaRole.Button, new() { Name = "History", Exact = true }).ClickAsync();

        // Roll back from the details: confirm, then wait for rolled_back with the counts.
        await page.Locator("#details-rollback").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "rolled_back", new() { Timeout = 30_000 });
        await Expect(card.Locator(".details-title")).ToContainTextAsync("Rolled back");
        await Expect(row).ToContainTextAsync("Rolled back");
        using (var details = await GetJsonAsync(server, $"/api/imports/{id}"))
        {
            var api = details.RootElement;
            api.GetProperty("status").GetString().Should().Be("rolled_back");
            var removed = api.GetProperty("contacts_removed").GetInt64();
            removed.Should().Be(api.GetProperty("inserted").GetInt64());
            await Expect(card.Locator("[data-stat='contacts_removed']")).ToHaveTextAsync(removed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(card.Locator("[data-stat='conflicts']")).ToHaveTextAsync("0");
        }

        // The finished import left a notification.
        await Expect(page.Locator("#notif-badge")).ToBeVisibleAsync();
        await page.Locator("#notif-button").ClickAsync();
        await Expect(page.Locator("#notif-list")).ToContainTextAsync("contacts.csv");
        await server.ScreenshotAsync(page, "4-rolled-back");

        problems.Should().BeEmpty("the page logs no errors");
    }

    [Fact]
    public async Task A_dry_run_in_the_browser_keeps_nothing_and_can_then_import_for_real()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(server, page);
        var before = await ContactCountAsync();

        await page.Locator("#file-input").SetInputFilesAsync(server.Sample("google.csv"));
        await Expect(page.Locator("#mapping select[data-header='E-mail 1 - Value']")).ToHaveValueAsync("email");
        await page.GetByLabel("Dry run (check everything, keep nothing)").CheckAsync();
        await page.Locator("#start-import").ClickAsync();

        await Expect(page.Locator("#result")).ToHaveAttributeAsync("data-status", "validated", new() { Timeout = 30_000 });
        await Expect(page.Locator("#progress-title")).ToContainTextAsync("nothing was saved");
        var dryRun = await ShownCountsAsync(page);
        (await ContactCountAsync()).Should().Be(before, "a dry run keeps nothing");
        await Expect(page.Locator("#result-rollback")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Import for real" }).ClickAsync();
        await Expect(page.Locator("#result")).ToHaveAttributeAsync("data-status", new Regex("^completed"), new() { Timeout = 30_000 });
        (await ShownCountsAsync(page)).Should().Equal(dryRun, "the dry run's counts are exact");
        (await ContactCountAsync()).Should().Be(
            before + long.Parse(dryRun["inserted"], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Uploading_a_file_that_is_not_text_shows_the_servers_reason()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(server, page);

        await page.Locator("#file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "photo.csv",
            MimeType = "text/csv",
            Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52],
        });

        var message = page.GetByRole(AriaRole.Alert);
        await Expect(message).ToBeVisibleAsync();
        await Expect(message).ToContainTextAsync("\"photo.csv\" was not uploaded");
        await Expect(message).ToContainTextAsync("not a CSV text file");
        await Expect(page.Locator("#step-map")).ToBeHiddenAsync();
        await server.ScreenshotAsync(page, "5-not-text");
    }

    [Fact]
    public async Task Uploading_a_file_over_the_limit_says_it_is_too_large()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(server, page);

        var line = "first_name,email\nAda,ada@example.com\n"u8.ToArray();
        var big = new byte[UiServer.UploadLimitBytes + (UiServer.UploadLimitBytes / 2)];
        for (var i = 0; i < big.Length; i++)
        {
            big[i] = line[i % line.Length];
        }

        await page.Locator("#file-input").SetInputFilesAsync(new FilePayload { Name = "big.csv", MimeType = "text/csv", Buffer = big });

        var message = page.GetByRole(AriaRole.Alert);
        await Expect(message).ToContainTextAsync("\"big.csv\" was not uploaded");
        await Expect(message).ToContainTextAsync("larger than the upload limit of 1 MB");
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_key_is_refused_with_a_message()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync("ci_000000000000_not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");
        await Expect(page.Locator("#tabs")).ToBeHiddenAsync();
    }

    private static async Task<Dictionary<string, string>> ShownCountsAsync(IPage page)
    {
        var shown = new Dictionary<string, string>();
        foreach (var name in Counts)
        {
            shown[name] = await page.Locator($"#result-counts [data-stat='{name}']").InnerTextAsync();
        }

        return shown;
    }

    private async Task<long> ContactCountAsync()
    {
        using var list = await GetJsonAsync(server, "/api/contacts?page_size=1");
        return list.RootElement.GetProperty("total").GetInt64();
    }

    private static List<string> WatchForErrors(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return problems;
    }
}
