// Step 3: follows a running import. Server-Sent Events when a stream token is issued, else polling of the
// status endpoint; both end the same way: when the server says the import is final (is_final), the
// details are fetched and shown as the result.
import { api, getImport, streamToken } from './api.js';
import { $, allow, confirmDialog } from './dom.js';
import { num, seconds, statusBadge } from './format.js';
import { announce, guarded, showError } from './messages.js';
import { showResult } from './result.js';
import { showTab } from './tabs.js';

const POLL_MS = 1000;
let current = null; // { id, fileName } of the import followed on the Import tab
let stream = null;
let pollTimer = null;
let lastProgress = null;
let announcedQuarter = 0;

/** Shows the progress card for an import the server has queued and follows it to its end. */
export function follow(id, fileName, dryRun) {
  stopFollowing();
  current = { id, fileName };
  showTab('import');
  reset(fileName, dryRun);
  announce(`${dryRun ? 'Dry run' : 'Import'} of ${fileName} started.`);
  openStream(id);
}

export function stopFollowing() {
  if (stream) stream.close();
  stream = null;
  clearTimeout(pollTimer);
  pollTimer = null;
}

/** Forgets the followed import (a new upload, or signing out). */
export function leave() {
  stopFollowing();
  current = null;
}

const following = (id) => current !== null && current.id === id;

function reset(fileName, dryRun) {
  $('step-upload').hidden = true;
  $('step-map').hidden = true;
  $('step-progress').hidden = false;
  $('progress-title').textContent = dryRun ? 'Dry run in progress' : 'Importing';
  $('progress-file').textContent = fileName || '';
  $('progress-status').replaceChildren(statusBadge('queued'));
  $('progress-actions').hidden = false;
  allow($('cancel-import'), false); // until the server says the import can be cancelled
  $('result').hidden = true;
  $('rollback-result').hidden = true;
  lastProgress = null;
  announcedQuarter = 0;
  renderProgress({ progress: 0, processed: 0, total: 0, success: 0, failed: 0, warnings: 0, skipped: 0, duplicates: 0 });
}

async function openStream(id) {
  const token = await streamToken();
  if (!following(id)) return;
  if (!token || !('EventSource' in window)) {
    poll(id);
    return;
  }

  const source = new EventSource(`/api/imports/${id}/events?access_token=${encodeURIComponent(token)}`);
  stream = source;
  source.addEventListener('progress', (event) => update(JSON.parse(event.data)));
  source.addEventListener('completed', () => {
    stopFollowing();
    end(id);
  });
  source.onerror = () => {
    // The stream dropped (or the token expired): poll the status endpoint with the key instead.
    if (stream !== source) return;
    source.close();
    stream = null;
    poll(id);
  };
}

function poll(id) {
  const tick = async () => {
    if (!following(id)) return;
    try {
      const status = await api(`/api/imports/${id}/status`);
      update(status);
      if (status.is_final) {
        stopFollowing();
        await end(id);
        return;
      }
    } catch (error) {
      if (error.status === 401 || error.status === 404) {
        showError(error);
        return;
      }
    }
    pollTimer = setTimeout(tick, POLL_MS);
  };
  tick();
}

/** The final state: the details carry the counts and what may follow (can_rollback, …). */
async function end(id) {
  let details;
  try {
    details = await getImport(id);
  } catch (error) {
    showError(error, 'The result could not be loaded');
    return;
  }
  if (!following(id)) return;
  $('progress-actions').hidden = true;
  if (details.status !== 'failed' && details.status !== 'cancelled') {
    // The final counts; batches and speed as last reported (the details do not carry them).
    const last = lastProgress || {};
    const batches = details.total_batches || last.total_batches || 0;
    renderProgress({
      ...last,
      progress: 100, processed: details.total, total: details.total,
      success: details.inserted + details.updated + details.merged + details.unchanged,
      failed: details.failed, warnings: details.warnings, skipped: details.skipped, duplicates: details.duplicates,
      status: details.status,
      current_batch: batches, total_batches: batches, eta_seconds: 0,
    });
  }
  showResult(details);
}

function update(p) {
  renderProgress(p);
  if ('can_cancel' in p) allow($('cancel-import'), p.can_cancel);
  const quarter = Math.floor((Number(p.progress) || 0) / 25);
  if (quarter > announcedQuarter && quarter < 4) {
    announcedQuarter = quarter;
    announce(`${quarter * 25}% done: ${num(p.processed)} of ${num(p.total)} rows.`);
  }
}

export function renderProgress(p) {
  lastProgress = p;
  const percent = Math.max(0, Math.min(100, Number(p.progress) || 0));
  const bar = $('progress-bar');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.setAttribute('aria-valuetext', `${percent}% (${num(p.processed)} of ${num(p.total)} rows)`);
  bar.querySelector('.bar-fill').style.width = `${percent}%`;
  $('progress-percent').textContent = `${percent}%`;
  if (p.status) $('progress-status').replaceChildren(statusBadge(p.status));
  const set = (key, value) => { document.querySelector(`#progress-stats [data-stat="${key}"]`).textContent = value; };
  set('processed', `${num(p.processed)} / ${num(p.total)}`);
  set('success', num(p.success));
  set('failed', num(p.failed));
  set('warnings', num(p.warnings || 0));
  set('skipped', num(p.skipped));
  set('duplicates', num(p.duplicates));
  set('batch', p.total_batches ? `${num(p.current_batch)} of ${num(p.total_batches)}` : '–');
  set('eta', p.eta_seconds === null || p.eta_seconds === undefined ? '–' : seconds(p.eta_seconds));
  set('speed', p.speed_per_minute ? `${num(p.speed_per_minute)}/min` : '–');
}

export function wireProgress() {
  $('cancel-import').addEventListener('click', async (event) => {
    const followed = current;
    if (!followed) return;
    if (!await confirmDialog('Cancel this import? Rows already imported stay (you can roll them back).', 'Cancel import')) return;
    await guarded(event.currentTarget, async () => {
      await api(`/api/imports/${followed.id}/cancel`, { method: 'POST' });
      $('progress-status').replaceChildren(statusBadge('cancelling'));
      announce('Cancelling the import…');
    }, 'The import could not be cancelled');
  });
}
