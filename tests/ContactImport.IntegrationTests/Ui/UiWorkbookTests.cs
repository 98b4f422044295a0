using Microsoft.Playwright;
using static ContactImport.IntegrationTests.Ui.UiSteps;
using static Microsoft.Playwright.Assertions;

namespace ContactImport.IntegrationTests.Ui;

/// <summary>A workbook in the browser: what the page says about it and picking the sheet to import.</summary>
public sealed class UiWorkbookTests(UiServer server) : IClassFixture<UiServer>
{
    [Fact]
    public async Task Picking_the_second_sheet_of_a_workbook_imports_that_sheets_contacts()
    {
        var page = await server.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await SignInAsync(server, page);

        await page.Locator("#file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "people.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = Service.UploadFormatTests.TwoSheetWorkbook(),
        });
        await Expect(page.Locator("#step-map")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#file-info")).ToContainTextAsync("Excel workbook (.xlsx)");
        await Expect(page.Locator("#file-info")).Not.ToContainTextAsync("Separator");
        var picker = page.GetByLabel("Sheet to import");
        await Expect(picker).ToBeVisibleAsync();
        await Expect(picker.Locator("option")).ToHaveTextAsync(["Staff", "Customers"]);
        await Expect(picker).ToHaveValueAsync("Staff");
        await Expect(page.Locator("#mapping select")).ToHaveCountAsync(2);

        // The other sheet is read again on the server: its columns, preview and mapping replace the first one's.
        await picker.SelectOptionAsync("Customers");
        await Expect(page.Locator("#preview-caption")).ToContainTextAsync("of 2 rows of sheet \"Customers\"");
        await Expect(page.Locator("#mapping select")).ToHaveCountAsync(4);
        await Expect(page.Locator("#mapping select[data-header='company']")).ToHaveValueAsync("company");
        await Expect(page.Locator("#preview tbody tr").Nth(1)).ToContainTextAsync("chris@client.example");
        await server.ScreenshotAsync(page, "workbook-second-sheet");

        var id = await ImportAsync(page);
        await Expect(page.Locator("#result-counts [data-stat='inserted']")).ToHaveTextAsync("2");
        await Expect(page.Locator("#result-counts [data-stat='total']")).ToHaveTextAsync("2");

        using var contacts = await GetJsonAsync(server, "/api/contacts?page_size=50");
        contacts.RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString())
            .Should().BeEquivalentTo("carla@customer.example", "chris@client.example");
        using var details = await GetJsonAsync(server, $"/api/imports/{id}");
        details.RootElement.GetProperty("status").GetString().Should().Be("completed");
        pageErrors.Should().BeEmpty();
    }
}
