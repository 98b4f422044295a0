// The summary under the progress bar once an import is final: counts, error report, details, and the
// follow-ups the server allows (roll back only when it says can_rollback).
import { api, download } from './api.js';
import { $, allow, el, stats } from './dom.js';
import { duration, num, statusBadge } from './format.js';
import { announce, guarded } from './messages.js';
import { loadNotifications } from './notifications.js';
import { rollback } from './rollback.js';

const TITLES = {
  completed: 'Import completed',
  completed_with_errors: 'Import completed – some rows failed',
  failed: 'Import failed',
  cancelled: 'Import cancelled',
  validated: 'Dry run finished – nothing was saved',
  rolled_back: 'Import rolled back',
};

let lastRun = null; // { id, fileName, body } of the last execute, to run a dry run for real
let hooks = { follow: () => {}, openDetails: () => {} };

/** Remembers what was executed, so that a dry run's "Import for real" repeats it with the same options. */
export function rememberRun(run) {
  lastRun = run;
}

/** Shows the final result from the import's details. */
export function showResult(d) {
  const id = d.import_id;
  $('progress-status').replaceChildren(statusBadge(d.status));
  const title = TITLES[d.status] || 'Finished';
  $('progress-title').textContent = title;
  $('result-error').hidden = !d.error;
  $('result-error').textContent = d.error || '';
  stats($('result-counts'), [
    ['Rows', num(d.total), 'total'],
    ['Inserted', num(d.inserted), 'inserted', 'good'],
    ['Updated', num(d.updated), 'updated', 'good'],
    ['Merged', num(d.merged), 'merged', 'good'],
    ['Unchanged', num(d.unchanged), 'unchanged'],
    ['Skipped', num(d.skipped), 'skipped'],
    ['Failed', num(d.failed), 'failed', d.failed ? 'bad' : null],
    ['Warnings', num(d.warnings), 'warnings', d.warnings ? 'warn' : null],
    ['Duplicates', num(d.duplicates), 'duplicates'],
    ['Duration', duration(d.duration_ms), 'duration'],
  ]);
  const fileWarnings = d.file_warnings || [];
  $('result-file-warnings').replaceChildren(...fileWarnings.map((w) => el('li', {}, w)));
  $('result-file-warnings').hidden = fileWarnings.length === 0;
  const result = $('result');
  result.dataset.importId = id;
  result.dataset.status = d.status;
  // The report lists warnings too (rows imported with a value kept as written or left out).
  $('result-errors').hidden = !(d.failed > 0 || d.warnings > 0);
  allow($('result-rollback'), d.can_rollback === true);
  // A finished dry run can run for real with the same mapping and options.
  $('result-run').hidden = !(d.status === 'validated' && lastRun !== null && lastRun.id === id);
  $('rollback-result').hidden = true;
  result.hidden = false;
  announce(`${title}: ${num(d.total)} rows, ${num(d.inserted)} inserted, ${num(d.updated + d.merged)} updated, `
    + `${num(d.skipped)} skipped, ${num(d.failed)} failed, ${num(d.warnings)} with warnings.${d.error ? ` ${d.error}` : ''}`);
  loadNotifications();
}

/** `follow(id, fileName, dryRun)` follows a new run; `openDetails(id)` shows an import in the history. */
export function wireResult(handlers) {
  hooks = handlers;
  const shownId = () => $('result').dataset.importId;
  $('result-errors').addEventListener('click', (event) => {
    const id = shownId();
    guarded(event.currentTarget, () => download(`/api/imports/${id}/errors`, `errors-${id}.csv`), 'Download failed');
  });
  $('result-details').addEventListener('click', () => hooks.openDetails(shownId()));
  $('result-rollback').addEventListener('click', (event) =>
    rollback(shownId(), event.currentTarget, $('rollback-result')));
  $('result-run').addEventListener('click', (event) => {
    const run = lastRun;
    const body = { ...run.body, dry_run: false };
    guarded(event.currentTarget, async () => {
      await api(`/api/imports/${run.id}/execute`, { method: 'POST', json: body });
      lastRun = { ...run, body };
      hooks.follow(run.id, run.fileName, false);
    }, 'The import did not start');
  });
}
