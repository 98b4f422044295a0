using ContactImport.Bench;
using ContactImport.Bench.Baseline;

// Child modes: the baselines run in their own process so their wall time and peak RSS are theirs alone.
if (args.Length >= 1 && args[0] == "--child")
{
    if (args.Length != 4)
    {
        await Console.Error.WriteLineAsync("usage: bench --child ef|copy|anchor FILE CONNECTION");
        return 2;
    }

    return args[1] switch
    {
        "ef" => await EfBaseline.RunAsync(args[2], args[3]),
        "copy" => await CopyFloor.RunAsync(args[2], args[3]),
        "anchor" => await SqlMergeAnchor.RunAsync(args[2], args[3]),
        _ => 2,
    };
}

if (args.Length >= 2 && args[0] == "--suite" && args[1] == "bulk")
{
    return await BulkSuite.RunAsync(args[2..], CancellationToken.None);
}

// The load suite (issue 15): API latency while imports run; its own options.
if (args.Length >= 1 && args[0] == "load")
{
    using var loadCts = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; loadCts.Cancel(); };
    return await new LoadSuite(LoadSuite.Options.Parse(args[1..], BenchRunner.LocateCli())).RunAsync(loadCts.Token);
}

// Suite `sync` (contact sync against `serve`): bench sync --pg … --users N --hashes N (see SyncSuite).
if (args.Length >= 1 && args[0] == "sync")
{
    return await SyncSuite.RunAsync(args[1..], CancellationToken.None);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await new BenchRunner(options, args).RunAsync(cts.Token);
