using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>
/// Following an import: the event stream's <c>id:</c> and <c>retry:</c>, resuming with <c>Last-Event-ID</c>, and the
/// polling fallback (<c>GET …/status</c>) deciding every status exactly as the stream does.
/// </summary>
public sealed class ImportFollowTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Events_carry_growing_ids_and_a_retry_and_the_last_equals_the_final_status(string store)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));
        var id = await ImportAsync(http, "ids.csv", ContactsCsv("ids", 40), new { batch_size = 5 });

        var stream = await Sse.ReadAsync(http, $"/api/imports/{id}/events", Patience);

        stream.Retry.Should().BePositive("the stream tells the client how soon to reconnect");
        stream.Events.Should().OnlyContain(e => e.Id != null, "every event carries an id");
        var ids = stream.Events.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.Should().BeInAscendingOrder();
        stream.Events.Where(e => e.Name == "progress").Select(e => e.Data.GetProperty("sequence").GetInt64())
            .Should().Equal(stream.Events.Where(e => e.Name == "progress").Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)));
        stream.Events[^1].Name.Should().Be("completed");
        stream.Events[^1].Data.GetProperty("is_final").GetBoolean().Should().BeTrue();
        var lastProgress = stream.Events.Last(e => e.Name == "progress");
        lastProgress.Data.GetProperty("is_final").GetBoolean().Should().BeTrue();

        var status = await GetJsonAsync(http, $"/api/imports/{id}/status");
        status.GetRawText().Should().Be(lastProgress.Data.GetRawText(), "the polling fallback answers with the stream's JSON");
        status.GetProperty("sequence").GetInt64().Should().Be(ids[^1]);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_reconnect_gets_the_current_state_at_once_and_one_that_has_the_end_gets_204(string store)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));
        var id = await ImportAsync(http, "resume.csv", ContactsCsv("resume", 30), new { batch_size = 5 });
        var first = await Sse.ReadAsync(http, $"/api/imports/{id}/events", Patience);
        var finalId = first.Events[^1].Id!;

        // A client that saw only the queued state (id 0) gets the current state and the end, not what it missed.
        var resumed = await Sse.ReadAsync(http, $"/api/imports/{id}/events", Patience, lastEventId: "0");
        resumed.Events.Select(e => (e.Name, e.Id)).Should().Equal(("progress", finalId), ("completed", finalId));
        resumed.Events[1].Data.GetRawText().Should().Be(first.Events[^1].Data.GetRawText());

        // One that already has the end is told to stop reconnecting (an EventSource stops on 204).
        var done = await Sse.ReadAsync(http, $"/api/imports/{id}/events", Patience, lastEventId: finalId);
        done.Status.Should().Be(HttpStatusCode.NoContent);
        done.Events.Should().BeEmpty();
    }

    /// <summary>Every way an import can end: the stream ends and the status says final, with the same JSON.</summary>
    [Theory]
    [InlineData(Stores.Sqlite, "completed")]
    [InlineData(Stores.Sqlite, "validated")]
    [InlineData(Stores.Sqlite, "failed")]
    [InlineData(Stores.Postgres, "completed")]
    [InlineData(Stores.Postgres, "validated")]
    [InlineData(Stores.Postgres, "failed")]
    public async Task A_final_status_ends_the_stream_and_the_polling_alike(string store, string outcome)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));
        var csv = ContactsCsv("end", 12) + "not-an-email,Bad,Row,Acme\n";
        object options = outcome switch
        {
            "validated" => new { dry_run = true },
            "failed" => new { skip_errors = false },
            _ => new { },
        };
        var id = await ImportAsync(http, "end.csv", csv, options);
        var expected = outcome == "completed" ? "completed_with_errors" : outcome;

        var events = await Sse.ReadUntilCompletedAsync(http, $"/api/imports/{id}/events", Patience);
        var status = await GetJsonAsync(http, $"/api/imports/{id}/status");

        events[^1].Name.Should().Be("completed");
        events[^1].Data.GetProperty("status").GetString().Should().Be(expected);
        status.GetProperty("status").GetString().Should().Be(expected);
        status.GetProperty("is_final").GetBoolean().Should().BeTrue();
        events.Last(e => e.Name == "progress").Data.GetRawText().Should().Be(status.GetRawText());
        foreach (var flag in new[] { "can_rollback", "can_retry", "can_cancel", "is_final" })
        {
            events[^1].Data.GetProperty(flag).GetBoolean().Should().Be(status.GetProperty(flag).GetBoolean(), flag);
        }

        var details = await DetailsAsync(http, id);
        details.GetProperty("is_final").GetBoolean().Should().BeTrue();
        details.GetProperty("can_cancel").GetBoolean().Should().BeFalse();
        details.GetProperty("can_rollback").GetBoolean().Should().Be(outcome != "validated", "a dry run left nothing to roll back");
        details.GetProperty("can_retry").GetBoolean().Should().BeTrue("each outcome reported the bad row");
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_queued_import_is_not_final_can_be_cancelled_and_its_stream_stays_open(string store)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(workers: 0), await env.CreateKeyAsync("acme"));
        var id = await ImportAsync(http, "waiting.csv", ContactsCsv("wait", 3), new { });

        var status = await GetJsonAsync(http, $"/api/imports/{id}/status");
        status.GetProperty("status").GetString().Should().Be("queued");
        (status.GetProperty("is_final").GetBoolean(), status.GetProperty("can_cancel").GetBoolean(),
                status.GetProperty("can_rollback").GetBoolean(), status.GetProperty("can_retry").GetBoolean())
            .Should().Be((false, true, false, false));
        var listed = (await GetJsonAsync(http, "/api/imports")).GetProperty("items")[0];
        listed.GetProperty("is_final").GetBoolean().Should().BeFalse();
        listed.GetProperty("can_cancel").GetBoolean().Should().BeTrue();

        var open = await Sse.ReadAsync(http, $"/api/imports/{id}/events", Patience, maxEvents: 2);
        open.Events.Should().HaveCount(2).And.OnlyContain(e => e.Name == "progress", "nothing ends a queued import's stream");
        open.Events[0].Data.GetRawText().Should().Be(status.GetRawText());

        using (var cancel = await http.PostAsync(new Uri($"/api/imports/{id}/cancel", UriKind.Relative), null))
        {
            cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var cancelling = await GetJsonAsync(http, $"/api/imports/{id}/status");
        cancelling.GetProperty("status").GetString().Should().Be("cancelling");
        (cancelling.GetProperty("is_final").GetBoolean(), cancelling.GetProperty("can_cancel").GetBoolean()).Should().Be((false, false));
        cancelling.GetProperty("sequence").GetInt64().Should().BeGreaterThan(status.GetProperty("sequence").GetInt64());
        using var again = await http.PostAsync(new Uri($"/api/imports/{id}/cancel", UriKind.Relative), null);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, "the server refuses what can_cancel=false announced");
    }
}
