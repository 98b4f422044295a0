using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static ContactImport.IntegrationTests.Ui.UiSteps;
using static Microsoft.Playwright.Assertions;

namespace ContactImport.IntegrationTests.Ui;

/// <summary>
/// The page holds no copy of the server's rules: what may follow an import comes from its <c>can_*</c> and
/// <c>is_final</c>, the mapping choices and contact columns from <c>GET /api/fields</c>; and what happens is
/// announced to screen readers.
/// </summary>
public sealed class UiServerRulesTests(UiServer server) : IClassFixture<UiServer>
{
    [Fact]
    public async Task The_rollback_button_is_shown_while_the_server_allows_a_rollback_and_gone_after_it()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(server, page);
        await UploadAsync(server, page, "contacts.csv");
        var id = await ImportAsync(page);

        using (var details = await GetJsonAsync(server, $"/api/imports/{id}"))
        {
            details.RootElement.GetProperty("is_final").GetBoolean().Should().BeTrue();
            details.RootElement.GetProperty("can_rollback").GetBoolean().Should().BeTrue("a completed import can be rolled back");
        }

        await Expect(page.Locator("#result-rollback")).ToBeVisibleAsync();
        await Expect(page.Locator("#result-rollback")).ToBeEnabledAsync();

        await page.Locator("#result-rollback").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Expect(page.Locator("#rollback-result")).ToContainTextAsync("The import was rolled back", new() { Timeout = 30_000 });

        using (var details = await GetJsonAsync(server, $"/api/imports/{id}"))
        {
            details.RootElement.GetProperty("status").GetString().Should().Be("rolled_back");
            details.RootElement.GetProperty("can_rollback").GetBoolean().Should().BeFalse("a rolled back import cannot be rolled back again");
        }

        await Expect(page.Locator("#result-rollback")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_details_follow_the_servers_can_rollback_and_can_retry_whatever_the_status()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(server, page);
        await UploadAsync(server, page, "contacts.csv");
        var id = await ImportAsync(page);

        // The server's answer, with its verdicts replaced: the page must obey them, not the status beside them.
        var verdict = new Dictionary<string, bool>();
        await page.RouteAsync(new Regex($"/api/imports/{id}$"), async route =>
        {
            var response = await route.FetchAsync();
            var json = JsonNode.Parse(await response.TextAsync())!.AsObject();
            foreach (var (name, value) in verdict)
            {
                json[name] = value;
            }

            await route.FulfillAsync(new() { Response = response, Body = json.ToJsonString() });
        });

        verdict["can_rollback"] = false;
        verdict["can_retry"] = false;
        await page.Locator("#result-details").ClickAsync();
        var card = page.Locator("#details");
        await Expect(card).ToHaveAttributeAsync("data-status", "completed_with_errors");
        await Expect(page.Locator("#details-rollback")).ToBeHiddenAsync();
        await Expect(page.Locator("#details-retry")).ToBeHiddenAsync();

        verdict["can_rollback"] = true;
        verdict["can_retry"] = true;
        await page.Locator("#details-close").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await page.Locator("#result-details").ClickAsync();
        await Expect(page.Locator("#details-rollback")).ToBeVisibleAsync();
        await Expect(page.Locator("#details-retry")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Completion_is_announced_in_a_polite_status_region()
    {
        var page = await server.NewPageAsync();
        await SignInAsync(server, page);
        await UploadAsync(server, page, "google.csv");
        await ImportAsync(page);

        var announcer = page.Locator("#announcer");
        await Expect(announcer).ToHaveAttributeAsync("role", "status");
        await Expect(announcer).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(announcer).ToContainTextAsync(new Regex("^Import completed.*rows, .* inserted"));
        await Expect(page.Locator("#message")).ToHaveAttributeAsync("role", "alert");

        // Each choice in the mapping table has a label a screen reader reads out.
        foreach (var select in await page.Locator("#mapping select").AllAsync())
        {
            (await select.GetAttributeAsync("aria-label")).Should().StartWith("Import column \"");
        }
    }

    [Fact]
    public async Task The_mapping_offers_the_servers_targets_and_the_contacts_show_its_fields()
    {
        using var fields = await GetJsonAsync(server, "/api/fields");
        var targets = fields.RootElement.GetProperty("mapping_targets").EnumerateArray()
            .Select(t => (Name: t.GetProperty("name").GetString()!, Label: t.GetProperty("label").GetString()!)).ToList();
        var columns = fields.RootElement.GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("label").GetString()!).ToList();
        targets.Select(t => t.Name).Should().Contain(["email", "custom", "ignore"]);

        var page = await server.NewPageAsync();
        await SignInAsync(server, page);
        await UploadAsync(server, page, "contacts.csv");

        var options = page.Locator("#mapping select[data-header='email'] option");
        (await options.EvaluateAllAsync<string[]>("os => os.map(o => o.value)")).Should().Equal(targets.Select(t => t.Name));
        (await options.AllInnerTextsAsync()).Should().Equal(targets.Select(t => t.Label));

        await ImportAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Contacts", Exact = true }).ClickAsync();
        await Expect(page.Locator("#contacts-table thead th")).ToHaveTextAsync(columns.ToArray());
    }
}
