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
