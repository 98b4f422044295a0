namespace ContactImport.Tests;

/// <summary>
/// Tests that measure the managed heap (<see cref="GC.GetTotalMemory"/>) run alone: the heap is the process's, so any
/// test running beside them would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
