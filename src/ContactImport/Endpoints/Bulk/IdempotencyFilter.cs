using System.Security.Cryptography;
using System.Text;
using ContactImport.Core.Bulk;
using ContactImport.Server;
using ContactImport.Storage;

namespace ContactImport.Endpoints.Bulk;

/// <summary>
/// <c>Idempotency-Key</c> for any POST endpoint (per company): the first response (status and body) is stored for 24 h
/// and replayed to a repeat; the same key with another body (SHA-256 of method, path and body) → 422; a repeat while
/// the first still runs → 409 with <c>Retry-After: 1</c>. Server errors are not stored, so a retry runs again.
/// The endpoint must read its body through <see cref="RequestBody"/> (this filter reads it first, to hash it).
/// </summary>
public sealed class IdempotencyFilter(Store store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public const string ReplayedHeader = "Idempotent-Replayed";

    private const int MaxKeyLength = 255;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await next(context);
        }

        if (key.Length > MaxKeyLength)
        {
            return Problems.Of(400, $"{Header} is at most {MaxKeyLength} characters.");
        }

        var body = await RequestBody.ReadAsync(http, BulkLimits.MaxBytes);
        if (body is null)
        {
            return Problems.Of(413, $"The body is over {BulkLimits.MaxBytes / (1024 * 1024)} MB.");
        }

        var company = http.User.CompanyId();
        var claim = await store.Idempotency.BeginAsync(company, key, Hash(http.Request, body), DateTimeOffset.UtcNow,
            http.RequestAborted);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Replay:
                var stored = claim.Response!;
                http.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Text(stored.Body, stored.ContentType, Encoding.UTF8, stored.StatusCode);
            case IdempotencyOutcome.Mismatch:
                return Problems.Of(422, $"This {Header} was used with a different request; use a new key for a new request.");
            case IdempotencyOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problems.Of(409, $"A request with this {Header} is still running; retry in a moment.");
        }

        try
        {
            var response = await CaptureAsync(http, await next(context));
            if (response.StatusCode < 500)
            {
                await store.Idempotency.CompleteAsync(company, key, response, CancellationToken.None);
            }
            else
            {
                await store.Idempotency.AbandonAsync(company, key, CancellationToken.None);
            }

            return TypedResults.Text(response.Body, response.ContentType, Encoding.UTF8, response.StatusCode);
        }
        catch
        {
            await store.Idempotency.AbandonAsync(company, key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Runs the endpoint's result into a buffer, so its exact status and body can be kept.</summary>
    private static async Task<StoredResponse> CaptureAsync(HttpContext http, object? result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            switch (result)
            {
                case IResult executable:
                    await executable.ExecuteAsync(http);
                    break;
                case null:
                    break;
                default:
                    throw new InvalidOperationException("Idempotent endpoints return IResult values.");
            }
        }
        finally
        {
            http.Response.Body = original;
        }

        return new StoredResponse(http.Response.StatusCode, http.Response.ContentType ?? "application/json",
            Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Hash(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
