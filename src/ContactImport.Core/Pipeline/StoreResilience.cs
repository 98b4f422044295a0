using System.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ContactImport.Core.Pipeline;

/// <summary>What a caller is told each time a transient database failure makes it wait.</summary>
/// <param name="Delay">How long until the next attempt.</param>
/// <param name="Waited">Time since the first failure of this operation.</param>
public readonly record struct StoreOutageNotice(TimeSpan Delay, TimeSpan Waited, int Attempt, Exception Failure);

/// <summary>How long a caller waits out a database outage, and who hears about it.</summary>
public sealed record StoreResilienceOptions
{
    /// <summary>No outage wait: only the quick retries of a batch (a connection the server dropped, a deadlock).</summary>
    public static readonly StoreResilienceOptions QuickRetriesOnly = new() { MaxWait = TimeSpan.Zero };

    /// <summary>How long one operation waits for the database after its quick retries; <see cref="Timeout.InfiniteTimeSpan"/>
    /// for services, which never give up on an outage.</summary>
    public TimeSpan MaxWait { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>The cap of the exponential backoff between attempts once an outage is recognised.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Called before every wait (log line, CLI message).</summary>
    public Action<StoreOutageNotice>? OnWait { get; init; }
}

/// <summary>
/// The one policy for a store's transient failures (lost or refused connection, server shutting down, deadlock,
/// SQLite busy): three quick retries (100, 200, 400 ms, jittered) as a batch always had, then capped exponential
/// backoff for as long as <see cref="StoreResilienceOptions.MaxWait"/> allows, behind a circuit breaker that makes
/// every caller of the process wait instead of hammering a database that is down. Anything else fails at once.
/// </summary>
public sealed class StoreResilience
{
    private const int QuickRetries = 3;
    private static readonly ResiliencePropertyKey<long> FirstFailure = new("contactimport.first-failure");

    private readonly Func<Exception, StoreErrorKind> _classify;
    private readonly StoreResilienceOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public StoreResilience(Func<Exception, StoreErrorKind> classify, StoreResilienceOptions? options = null)
    {
        _classify = classify;
        _options = options ?? new StoreResilienceOptions();
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && IsTransient(ex) && MayRetry(args.Context, args.AttemptNumber)),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.AttemptNumber)),
                OnRetry = args =>
                {
                    _options.OnWait?.Invoke(new StoreOutageNotice(args.RetryDelay, Waited(args.Context), args.AttemptNumber + 1,
                        args.Outcome.Exception!));
                    return default;
                },
            })
            // Several failures in a row within a few seconds: the database is down, not one connection. For a second
            // at a time every operation of the process fails at once (and waits) instead of opening a connection.
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex)),
                FailureRatio = 0.8,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(5),
                BreakDuration = TimeSpan.FromSeconds(1),
            })
            .Build();
    }

    public StoreResilienceOptions Options => _options;

    /// <summary>A transient failure of the store, or the open circuit that stands for one.</summary>
    public bool IsTransient(Exception exception) =>
        exception is BrokenCircuitException || (exception is not OperationCanceledException && _classify(exception) == StoreErrorKind.Transient);

    /// <summary>Runs <paramref name="operation"/>, retrying it on transient failures as the options allow.</summary>
    /// <param name="cancellationToken">Cancels the waits between attempts (never an attempt under way).</param>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, op) => await op(ctx.CancellationToken), context, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        ExecuteAsync(async ct =>
        {
            await operation(ct);
            return true;
        }, cancellationToken);

    private bool MayRetry(ResilienceContext context, int attempt)
    {
        if (!context.Properties.TryGetValue(FirstFailure, out _))
        {
            context.Properties.Set(FirstFailure, Stopwatch.GetTimestamp());
        }

        var max = _options.MaxWait;
        return attempt < QuickRetries || max == Timeout.InfiniteTimeSpan || Waited(context) < max;
    }

    private static TimeSpan Waited(ResilienceContext context) =>
        context.Properties.TryGetValue(FirstFailure, out var start) ? Stopwatch.GetElapsedTime(start) : TimeSpan.Zero;

    /// <summary>100, 200, 400 ms, then 0.5, 1, 2, 4 s … up to the cap, each jittered down by up to half.</summary>
    private TimeSpan Delay(int attempt)
    {
        var ms = attempt < QuickRetries
            ? 100.0 * (1 << attempt)
            : Math.Min(_options.MaxDelay.TotalMilliseconds, 500.0 * Math.Pow(2, Math.Min(attempt - QuickRetries, 20)));
        return TimeSpan.FromMilliseconds(ms * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
