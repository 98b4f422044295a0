using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContactImport.IntegrationTests.Sync;

/// <summary>A mobile app's calls to <c>/api/contacts/sync</c>: JSON in, status and JSON out.</summary>
internal static class SyncClient
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(
        HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public static async Task<JsonElement> SyncOkAsync(HttpClient http, object body)
    {
        var (status, json, _) = await PostAsync(http, "/api/contacts/sync", body);
        status.Should().Be(HttpStatusCode.OK, json.ToString());
        return json;
    }

    public static async Task<JsonElement> ParamsAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/api/contacts/sync/params", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static long Long(this JsonElement json, string name) => json.GetProperty(name).GetInt64();
}
