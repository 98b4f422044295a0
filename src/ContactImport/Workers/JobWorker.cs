using ContactImport.Core.Imports;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.Extensions.Options;

namespace ContactImport.Workers;

/// <summary>
/// Claims jobs from the database and runs them: imports (resumed from their checkpoint when a previous worker
/// died) and rollbacks. A lease with heartbeat marks the job as held; an expired lease makes it claimable again.
/// On shutdown the open batch finishes and the job goes back to the queue.
/// </summary>
public sealed class JobWorker(
    Store store, ProgressHub hub, Notifier notifier, IOptions<ServerOptions> options, ILogger<JobWorker> logger)
    : BackgroundService
{
    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Workers;
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        var poll = TimeSpan.FromSeconds(settings.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedJob? job = null;
            try
            {
                job = await store.Jobs.ClaimAsync(_workerId, lease, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Claiming a job failed; retrying");
            }

            if (job is null)
            {
                try
                {
                    await Task.Delay(poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            await RunAsync(job, lease, stoppingToken);
        }
    }

    private async Task RunAsync(ClaimedJob job, TimeSpan lease, CancellationToken shutdown)
    {
        logger.LogInformation("Worker {Worker} runs {Kind} job {Job} for import {Import} (attempt {Attempt})",
            _workerId, job.Kind, job.Id, job.ImportId, job.Attempts);
        if (!JobKinds.IsKnown(job.Kind))
        {
            // Running it as something else would be worse than not running it: fail it for good, now.
            logger.LogError("Job {Job} has the unknown kind {Kind}; it fails", job.Id, job.Kind);
            await store.Jobs.FinishAsync(job.Id, _workerId, JobState.Failed, null,
                $"Unknown job kind '{job.Kind}': a worker runs only '{JobKinds.Import}' and '{JobKinds.Rollback}' jobs.",
                CancellationToken.None);
            return;
        }

        using var cancel = new CancellationTokenSource();
        using var lost = new CancellationTokenSource();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, lease, cancel, lost, heartbeatStop.Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown, lost.Token);
        try
        {
            var (state, retryAt, error) = job.Kind switch
            {
                JobKinds.Rollback => await RollbackAsync(job),
                JobKinds.Import => await ImportAsync(job, cancel.Token, stop.Token),
                _ => throw new InvalidOperationException($"Unknown job kind '{job.Kind}'."),
            };
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (!lost.IsCancellationRequested)
            {
                await store.Jobs.FinishAsync(job.Id, _workerId, state, retryAt, error, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            var retry = job.Attempts < job.MaxAttempts;
            logger.LogError(ex, "Job {Job} failed (attempt {Attempt} of {Max})", job.Id, job.Attempts, job.MaxAttempts);
            await store.Jobs.FinishAsync(job.Id, _workerId, retry ? JobState.Queued : JobState.Failed,
                retry ? DateTimeOffset.UtcNow + Backoff(job.Attempts) : null, ex.Message, CancellationToken.None);
            if (retry && job.Kind == JobKinds.Import)
            {
                // The committed checkpoint stays; the retry resumes from it.
                await store.Imports.TransitionAsync(job.ImportId, [ImportStatus.Failed, ImportStatus.Running], ImportStatus.Queued,
                    CancellationToken.None);
            }
        }
        finally
        {
            hub.Stop(job.ImportId);
        }
    }

    private async Task<(JobState State, DateTimeOffset? RetryAt, string? Error)> ImportAsync(
        ClaimedJob job, CancellationToken cancel, CancellationToken stop)
    {
        var record = await store.Imports.GetAsync(job.CompanyId, job.ImportId, CancellationToken.None);
        if (record is null || record.Status is not (ImportStatus.Queued or ImportStatus.Running or ImportStatus.Cancelling))
        {
            return (JobState.Done, null, record is null ? "import not found" : $"import is {record.Status.ToWire()}");
        }

        var payload = JobPayload.FromJson(job.Payload);
        if (record.Status == ImportStatus.Cancelling)
        {
            await store.Imports.UpdateAsync(record with { Status = ImportStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow },
                CancellationToken.None);
            return (JobState.Done, null, null);
        }

        var path = Path.Combine(Path.GetTempPath(), $"contactimport-{job.ImportId:N}-{Guid.NewGuid():N}.upload");
        try
        {
            await using (var file = File.Create(path))
            {
                if (!await store.Uploads.ReadAsync(job.ImportId, file, CancellationToken.None))
                {
                    var failed = record with
                    {
                        Status = ImportStatus.Failed,
                        Error = "the uploaded file is no longer stored (retention period passed)",
                        FinishedAt = DateTimeOffset.UtcNow,
                    };
                    await store.Imports.UpdateAsync(failed, CancellationToken.None);
                    await notifier.ImportEndedAsync(failed, payload.NotificationEmail, CancellationToken.None);
                    return (JobState.Done, null, failed.Error);
                }
            }

            var tracker = hub.Start(job.ImportId);
            var result = await new ImportService(store).RunAsync(
                record with { FilePath = path }, payload.ToRequest(), tracker, cancel, stop);
            await store.Imports.UpdateAsync(result with { FilePath = null }, CancellationToken.None);
            if (result.Status == ImportStatus.Queued)
            {
                return (JobState.Queued, DateTimeOffset.UtcNow, "interrupted by shutdown; resumes from the checkpoint");
            }

            await notifier.ImportEndedAsync(result, payload.NotificationEmail, CancellationToken.None);
            return (JobState.Done, null, result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<(JobState State, DateTimeOffset? RetryAt, string? Error)> RollbackAsync(ClaimedJob job)
    {
        var record = await store.Imports.GetAsync(job.CompanyId, job.ImportId, CancellationToken.None);
        if (record is null)
        {
            return (JobState.Done, null, "import not found");
        }

        var done = await new ImportService(store).RollbackAsync(record, CancellationToken.None);
        if (done is not null)
        {
            await store.Notifications.AddAsync(record.CompanyId, record.Id, "rollback_completed",
                $"Import of {record.FileName} rolled back",
                $"{done.ContactsRemoved} removed, {done.ContactsRestored} restored, {done.Conflicts} conflict(s) left alone.",
                CancellationToken.None);
        }

        return (JobState.Done, null, done is null ? $"import is {record.Status.ToWire()}" : null);
    }

    /// <summary>Keeps the lease, and turns a <c>cancelling</c> status (set by the API) into a cancel.</summary>
    private async Task HeartbeatAsync(ClaimedJob job, TimeSpan lease, CancellationTokenSource cancel,
        CancellationTokenSource lost, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.2, Math.Min(lease.TotalSeconds / 3, 2)));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!await store.Jobs.HeartbeatAsync(job.Id, _workerId, lease, CancellationToken.None))
                {
                    logger.LogWarning("Job {Job} lease lost; stopping after the current batch", job.Id);
                    await lost.CancelAsync();
                    return;
                }

                var record = await store.Imports.GetAsync(job.CompanyId, job.ImportId, CancellationToken.None);
                if (record?.Status == ImportStatus.Cancelling)
                {
                    await cancel.CancelAsync();
                }
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Heartbeat for job {Job} failed", job.Id);
            }
        }
    }

    /// <summary>Exponential backoff with jitter: about 2 s, 4 s, 8 s, … capped at 5 minutes.</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(300, Math.Pow(2, attempt));
        return TimeSpan.FromSeconds(seconds * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
