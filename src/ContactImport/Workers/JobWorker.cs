using ContactImport.Core;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.Extensions.Options;

namespace ContactImport.Workers;

/// <summary>
/// Claims jobs from the database and runs them: imports (resumed from their checkpoint when a previous worker
/// died), rollbacks and e-mail notifications. A lease with heartbeat marks the job as held; an expired lease makes it claimable again.
/// On shutdown the open batch finishes and the job goes back to the queue. A database outage is waited out (the
/// job keeps its lease and resumes from its checkpoint); nothing but shutdown ends the loop.
/// </summary>
public sealed class JobWorker(
    Store store, ProgressHub hub, Notifier notifier, IOptions<ServerOptions> options, ILogger<JobWorker> logger,
    StoreResilience resilience, ProcessScratch scratch)
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
            try
            {
                // An outage makes the claim wait (logged by the policy) until the database is back.
                var job = await resilience.ExecuteAsync(ct => store.Jobs.ClaimAsync(_workerId, lease, ct), stoppingToken);
                if (job is null)
                {
                    await Task.Delay(poll, stoppingToken);
                    continue;
                }

                await RunAsync(job, lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Never the end of the worker: a bug or an unexpected failure costs one poll interval.
                logger.LogError(ex, "Worker {Worker} failed outside a job; going on", _workerId);
                await Task.Delay(poll, CancellationToken.None);
            }
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
                $"Unknown job kind '{job.Kind}': a worker runs only '{JobKinds.Import}', '{JobKinds.Rollback}' and '{JobKinds.Notify}' jobs.",
                CancellationToken.None);
            return;
        }

        var kind = new KeyValuePair<string, object?>("kind", job.Kind);
        Telemetry.JobsRunning.Add(1, kind);
        try
        {
            // A database outage ends a run early; once the database answers again and the lease is still (or again)
            // ours, the job runs again from its checkpoint. Anything else ends the job as before.
            while (await RunOnceAsync(job, lease, shutdown) == RunEnd.Outage)
            {
                logger.LogWarning("Job {Job}: database unavailable; resuming from the checkpoint when it is back", job.Id);
                var ours = await resilience.ExecuteAsync(
                    ct => store.Jobs.HeartbeatAsync(job.Id, _workerId, lease, ct), shutdown);
                if (!ours)
                {
                    logger.LogWarning("Job {Job}: the lease passed to another worker during the outage", job.Id);
                    Telemetry.Jobs.Add(1, kind, new("state", "lost"));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Shut down while the database was away: the lease expires and another worker resumes the job.
        }
        finally
        {
            Telemetry.JobsRunning.Add(-1, kind);
            if (job.Kind != JobKinds.Notify)
            {
                hub.Stop(job.ImportId);
            }
        }
    }

    private enum RunEnd
    {
        Ended,
        Outage,
    }

    private async Task<RunEnd> RunOnceAsync(ClaimedJob job, TimeSpan lease, CancellationToken shutdown)
    {
        using var cancel = new CancellationTokenSource();
        using var lost = new CancellationTokenSource();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, lease, cancel, lost, heartbeatStop.Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown, lost.Token);
        var kind = new KeyValuePair<string, object?>("kind", job.Kind);
        try
        {
            var (state, retryAt, error) = job.Kind switch
            {
                JobKinds.Rollback => await RollbackAsync(job),
                JobKinds.Import => await ImportAsync(job, cancel.Token, stop.Token),
                JobKinds.Notify => await notifier.SendAsync(job, Backoff, stop.Token),
                _ => throw new InvalidOperationException($"Unknown job kind '{job.Kind}'."),
            };
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (!lost.IsCancellationRequested)
            {
                // Not cancelled by shutdown: handing the job back is what shutdown waits for (bounded by the host's
                // shutdown timeout during an outage).
                await resilience.ExecuteAsync(
                    ct => store.Jobs.FinishAsync(job.Id, _workerId, state, retryAt, error, ct), CancellationToken.None);
            }

            Telemetry.Jobs.Add(1, kind, new("state", lost.IsCancellationRequested ? "lost" : state));
            return RunEnd.Ended;
        }
        catch (Exception ex) when (resilience.IsTransient(ex) && !shutdown.IsCancellationRequested)
        {
            return RunEnd.Outage;
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            // Another worker holds the job now: neither the job nor the import is this worker's to write.
            Telemetry.Jobs.Add(1, kind, new("state", "lost"));
            return RunEnd.Ended;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !shutdown.IsCancellationRequested)
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            var retry = job.Attempts < job.MaxAttempts;
            logger.LogError(ex, "Job {Job} failed (attempt {Attempt} of {Max})", job.Id, job.Attempts, job.MaxAttempts);
            await resilience.ExecuteAsync(ct => store.Jobs.FinishAsync(job.Id, _workerId, retry ? JobState.Queued : JobState.Failed,
                retry ? DateTimeOffset.UtcNow + Backoff(job.Attempts) : null, ex.Message, ct), CancellationToken.None);
            if (retry && job.Kind == JobKinds.Import)
            {
                // The committed checkpoint stays; the retry resumes from it.
                await resilience.ExecuteAsync(ct => store.Imports.TransitionAsync(job.ImportId,
                    [ImportStatus.Failed, ImportStatus.Running], ImportStatus.Queued, ct), CancellationToken.None);
            }

            Telemetry.Jobs.Add(1, kind, new("state", retry ? "retried" : "failed"));
            return RunEnd.Ended;
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
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

        if (job.Attempts <= 1 && record.CreatedAt != default)
        {
            Telemetry.QueueAge.Record((DateTimeOffset.UtcNow - record.CreatedAt).TotalSeconds);
        }

        var path = scratch.NewFile($"upload-{job.ImportId:N}", ".upload");
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
            var result = await new ImportService(store, resilience).RunAsync(
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

        var done = await new ImportService(store, resilience).RollbackAsync(record, CancellationToken.None,
            hub.Start(job.ImportId));
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
            catch (Exception ex) when (resilience.IsTransient(ex))
            {
                // An outage: the batch waits it out too; the lease lasts until the next heartbeat gets through.
                logger.LogWarning("Heartbeat for job {Job} failed: {Reason}", job.Id, ex.Message);
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
