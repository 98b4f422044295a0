using System.Diagnostics;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>Waits for something to become true by polling, instead of sleeping a guessed time.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="probe"/> until it returns a value that is not null; fails with
    /// <paramref name="what"/> when <paramref name="timeout"/> passes first.</summary>
    public static Task<T> Until<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null,
        TimeSpan? every = null) where T : class =>
        Until(probe, () => what, timeout, every);

    /// <summary>As above; <paramref name="what"/> is asked only on timeout, so it can show the last state seen.</summary>
    public static async Task<T> Until<T>(Func<Task<T?>> probe, Func<string> what, TimeSpan? timeout = null,
        TimeSpan? every = null) where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what()}; it did not happen.");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> on timeout.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null,
        TimeSpan? every = null) =>
        await Until<object>(async () => await condition() ? new object() : null, what, timeout, every);

    /// <summary>As above; <paramref name="what"/> is asked only on timeout, so it can show the last state seen.</summary>
    public static async Task Until(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null,
        TimeSpan? every = null) =>
        await Until<object>(async () => await condition() ? new object() : null, what, timeout, every);
}
