using System.Collections.Concurrent;
using ContactImport.Core.Pipeline;

namespace ContactImport.Workers;

/// <summary>Live progress of the imports running in this process; others are read from the database.</summary>
public sealed class ProgressHub
{
    private readonly ConcurrentDictionary<Guid, ProgressTracker> _running = new();

    public ProgressTracker Start(Guid importId) => _running[importId] = new ProgressTracker();

    public void Stop(Guid importId) => _running.TryRemove(importId, out _);

    public ProgressTracker? Find(Guid importId) => _running.GetValueOrDefault(importId);
}
