using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContactImport.IntegrationTests.Ui;

/// <summary>Steps the browser tests share: sign in, upload and import a sample, read the API as the page does.</summary>
internal static class UiSteps
{
    public static async Task SignInAsync(UiServer server, IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync(server.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#dropzone")).ToBeVisibleAsync();
    }

    /// <summary>Picks a sample file and waits for the mapping step.</summary>
    public static async Task UploadAsync(UiServer server, IPage page, string sample)
    {
        await page.Locator("#file-input").SetInputFilesAsync(server.Sample(sample));
        await Expect(page.Locator("#step-map")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Starts the import with the page's options and waits for its result; returns the import's id.</summary>
    public static async Task<string> ImportAsync(IPage page)
    {
        await page.Locator("#start-import").ClickAsync();
        var result = page.Locator("#result");
        await Expect(result).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var id = await result.GetAttributeAsync("data-import-id");
        id.Should().NotBeNullOrEmpty();
        return id!;
    }

    public static async Task<JsonDocument> GetJsonAsync(UiServer server, string path)
    {
        using var response = await server.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"GET {path} answered {(int)response.StatusCode}: {body}\n{server.Log}");
        return JsonDocument.Parse(body);
    }
}
