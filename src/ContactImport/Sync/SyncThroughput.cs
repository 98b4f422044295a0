namespace ContactImport.Sync;

/// <summary>
/// This server's measured sync throughput: numbers per second and request bytes per number, as moving averages
/// of the recent requests (each weighs 1/16). The estimate answers from them, not from constants.
/// </summary>
public sealed class SyncThroughput
{
    private const double Weight = 1.0 / 16;
    private readonly Lock _lock = new();
    private double _numbersPerSecond;
    private double _bytesPerNumber;

    public bool HasMeasurements { get; private set; }

    public void Record(int numbers, TimeSpan elapsed, long requestBytes)
    {
        if (numbers <= 0 || elapsed <= TimeSpan.Zero)
        {
            return;
        }

        var rate = numbers / elapsed.TotalSeconds;
        var bytes = requestBytes > 0 ? (double)requestBytes / numbers : 0;
        lock (_lock)
        {
            _numbersPerSecond = HasMeasurements ? _numbersPerSecond + Weight * (rate - _numbersPerSecond) : rate;
            if (bytes > 0)
            {
                _bytesPerNumber = _bytesPerNumber > 0 ? _bytesPerNumber + Weight * (bytes - _bytesPerNumber) : bytes;
            }

            HasMeasurements = true;
        }
    }

    public (double NumbersPerSecond, double BytesPerNumber) Current
    {
        get
        {
            lock (_lock)
            {
                return (_numbersPerSecond, _bytesPerNumber);
            }
        }
    }
}
