using System.Runtime.InteropServices;

namespace ContactImport.Core.Pipeline;

/// <summary>
/// Runs an import's reader on a thread of its own, below normal priority, with the continuations of its awaits back
/// on that thread. The reader is a batch ahead and waits for the writer most of the time, yet while it runs it took
/// CPU from the database and from the writer feeding it — on two cores, PostgreSQL's backend was preempted or waiting
/// for the writer a quarter of the import (bench/RESULTS.md, nineteenth session). Below them it runs when they wait.
/// </summary>
internal static class ReaderThread
{
    /// <summary>The reader's nice value (Linux): 0 is normal, 19 the lowest.</summary>
    public const int Niceness = 10;

    /// <summary>Runs <paramref name="body"/> on a new thread; its task ends as the body's does.</summary>
    public static Task<T> Run<T>(Func<Task<T>> body)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Lower();
            var loop = new LoopContext();
            SynchronizationContext.SetSynchronizationContext(loop);
            Task<T> task;
            try
            {
                task = body();
            }
            catch (Exception ex)
            {
                task = Task.FromException<T>(ex);
            }

            task.ContinueWith(_ => loop.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            loop.RunUntilComplete();
            SynchronizationContext.SetSynchronizationContext(null);
            result.TrySetFromTask(task);
        })
        {
            IsBackground = true,
            Name = "import reader",
        };
        thread.Start();
        return result.Task;
    }

    /// <summary>Raising a thread's nice value needs no privilege; on Linux, PRIO_PROCESS with a thread id sets that
    /// thread's only. Elsewhere the reader keeps normal priority.</summary>
    private static void Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = setpriority(0, gettid(), Niceness);
        }
    }

    [DllImport("libc")]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();

    /// <summary>A queue of posted continuations that the reader's thread runs until the body ends.</summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
        private bool _completed;

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_queue)
            {
                if (!_completed)
                {
                    _queue.Enqueue((d, state));
                    Monitor.Pulse(_queue);
                    return;
                }
            }

            ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false); // the loop has ended
        }

        public override SynchronizationContext CreateCopy() => this;

        public void Complete()
        {
            lock (_queue)
            {
                _completed = true;
                Monitor.Pulse(_queue);
            }
        }

        public void RunUntilComplete()
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) next;
                lock (_queue)
                {
                    while (_queue.Count == 0 && !_completed)
                    {
                        Monitor.Wait(_queue);
                    }

                    if (_queue.Count == 0)
                    {
                        return;
                    }

                    next = _queue.Dequeue();
                }

                next.Callback(next.State);
            }
        }
    }
}
