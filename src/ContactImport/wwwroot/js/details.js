// One import's details card (History tab): counts, rollback outcome, file, options, mapping, batches, and
// the actions the server allows on it (can_retry, can_rollback; deleting is refused by the server itself
// while an import is active).
import { api, download, getImport } from './api.js';
import { $, allow, confirmDialog, el, facts, reveal, stats } from './dom.js';
import { bytes, duration, num, separator, statusBadge, when } from './format.js';
import { guarded, showError, showNotice } from './messages.js';
import { rollback } from './rollback.js';
import { isTabShown, showTab } from './tabs.js';
import { loadHistory } from './history.js';

let shownId = null;
let follow = () => {};

const section = (title, ...content) => el('section', { className: 'details-section' }, el('h3', {}, title), ...content);
const factList = (pairs) => facts(el('dl', { className: 'facts' }), pairs);

export async function openDetails(id) {
  let d;
  try {
    d = await getImport(id);
  } catch (error) {
    showError(error, 'The details could not be loaded');
    return;
  }
  if (!isTabShown('history')) showTab('history');
  shownId = id;
  $('details-body').replaceChildren(...body(d));

  $('details-errors').hidden = !(d.failed > 0 || d.warnings > 0);
  allow($('details-retry'), d.can_retry === true);
  allow($('details-rollback'), d.can_rollback === true);
  const card = $('details');
  card.dataset.importId = id;
  card.dataset.status = d.status;
  reveal(card);
}

function body(d) {
  const o = d.options || {};
  const counts = stats(el('dl', { className: 'stats' }), [
    ['Rows', num(d.total), 'total'], ['Inserted', num(d.inserted), 'inserted', 'good'],
    ['Updated', num(d.updated), 'updated', 'good'], ['Merged', num(d.merged), 'merged', 'good'],
    ['Unchanged', num(d.unchanged), 'unchanged'], ['Skipped', num(d.skipped), 'skipped'],
    ['Failed', num(d.failed), 'failed', d.failed ? 'bad' : null],
    ['Warnings', num(d.warnings), 'warnings', d.warnings ? 'warn' : null], ['Duplicates', num(d.duplicates), 'duplicates'],
  ]);
  const parts = [
    el('p', { className: 'details-title' }, el('strong', {}, d.file_name), ' ', statusBadge(d.status)),
    d.error ? el('p', { className: 'error-text' }, d.error) : null,
    section('Counts', counts),
    (d.file_warnings || []).length
      ? el('ul', { className: 'warnings' }, ...d.file_warnings.map((w) => el('li', {}, w)))
      : null,
  ];
  if (d.status === 'rolled_back' || d.contacts_removed || d.contacts_restored || d.conflicts) {
    const rolledBack = stats(el('dl', { className: 'stats' }), [
      ['Contacts removed', num(d.contacts_removed), 'contacts_removed'],
      ['Contacts restored', num(d.contacts_restored), 'contacts_restored'],
      ['Conflicts', num(d.conflicts), 'conflicts', d.conflicts ? 'bad' : null],
    ]);
    parts.push(section('Rollback', rolledBack, d.conflict_ids && d.conflict_ids.length
      ? el('p', { className: 'muted' }, `Contacts changed since the import and left alone: ${d.conflict_ids.join(', ')}`)
      : null));
  }
  parts.push(
    section('File', factList([
      ['Format', (d.format || '').toUpperCase()], ['Size', bytes(d.size_bytes || 0)], ['Encoding', d.encoding || '–'],
      ['Separator', separator(d.separator)], ['By', d.created_by || '–'],
      ['Uploaded', when(d.created_at)], ['Started', when(d.started_at)], ['Finished', when(d.finished_at)],
      ['Duration', duration(d.duration_ms)],
    ])),
    section('Options', factList([
      ['Duplicates', o.duplicate_strategy || 'skip'], ['Skip rows with errors', o.skip_errors === false ? 'no' : 'yes'],
      ['Dry run', o.dry_run ? 'yes' : 'no'], ['Default country', o.default_country || 'US'],
      ['Strict', o.strict ? 'yes' : 'no'], ['Empty cells clear fields', o.clear_empty ? 'yes' : 'no'],
      ['Batch size', num(o.batch_size)],
    ])),
  );
  if (d.retry_of) {
    parts.push(el('p', {}, 'Retry of ', el('button', {
      type: 'button', className: 'link-button', onclick: () => openDetails(d.retry_of),
    }, `import ${d.retry_of}`)));
  }
  if (d.mapping && Object.keys(d.mapping).length) parts.push(mapping(Object.entries(d.mapping)));
  parts.push(batches(d.batches || [], d.total_batches));
  return parts.filter(Boolean);
}

function mapping(entries) {
  return el('details', { className: 'details-section' },
    el('summary', {}, `Mapping (${entries.length} columns)`),
    el('div', { className: 'table-wrap' }, el('table', { className: 'data compact' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Column'), el('th', { scope: 'col' }, 'Imported as'))),
      el('tbody', {}, entries.map(([column, field]) =>
        el('tr', {}, el('td', {}, column), el('td', {}, typeof field === 'string' ? field : JSON.stringify(field))))))));
}

function batches(list, total) {
  const th = (text, num) => el('th', { scope: 'col', className: num ? 'num' : null }, text);
  return section(`Batches (${num(list.length)} of ${num(total)})`, list.length
    ? el('div', { className: 'table-wrap' }, el('table', { className: 'data compact', id: 'details-batches' },
      el('thead', {}, el('tr', {}, th('Batch', true), th('Rows', true), th('Time', true), th('Finished'))),
      el('tbody', {}, list.map((b) => el('tr', {},
        el('td', { className: 'num' }, num(b.batch)), el('td', { className: 'num' }, num(b.rows)),
        el('td', { className: 'num' }, duration(b.elapsed_ms)), el('td', {}, when(b.finished_at)))))))
    : el('p', { className: 'muted' }, 'No batch has run.'));
}

/** `followImport(id, fileName, dryRun)` follows a retry on the Import tab. */
export function wireDetails(followImport) {
  follow = followImport;
  $('details-close').addEventListener('click', () => { $('details').hidden = true; });
  $('details-errors').addEventListener('click', (event) => {
    const id = shownId;
    guarded(event.currentTarget, () => download(`/api/imports/${id}/errors`, `errors-${id}.csv`), 'Download failed');
  });
  $('details-rollback').addEventListener('click', async (event) => {
    const id = shownId;
    const status = el('div', { className: 'rollback', role: 'status' });
    $('details-body').prepend(status);
    const done = await rollback(id, event.currentTarget, status);
    if (done) {
      await openDetails(id);
      loadHistory();
    } else {
      status.remove();
    }
  });
  $('details-retry').addEventListener('click', (event) => {
    const id = shownId;
    guarded(event.currentTarget, async () => {
      const retry = await api(`/api/imports/${id}/retry`, { method: 'POST' });
      $('details').hidden = true;
      follow(retry.import_id, 'Retry of the failed rows', false);
    }, 'The retry did not start');
  });
  $('details-delete').addEventListener('click', async (event) => {
    const id = shownId;
    if (!await confirmDialog('Delete this import from the history? The contacts stay.', 'Delete')) return;
    await guarded(event.currentTarget, async () => {
      await api(`/api/imports/${id}`, { method: 'DELETE' });
      $('details').hidden = true;
      showNotice('The import was deleted from the history.');
      loadHistory();
    }, 'The import was not deleted');
  });
}
