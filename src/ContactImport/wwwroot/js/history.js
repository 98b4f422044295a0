// The History tab's list: the company's totals, one row per import (filter by status, pages).
import { api } from './api.js';
import { $, el, stats } from './dom.js';
import { duration, num, pager, statusBadge, when } from './format.js';
import { showError } from './messages.js';

const list = { page: 1, pageSize: 20, status: '', total: 0 };
let open = () => {};

export async function loadHistory() {
  const query = new URLSearchParams({ page: list.page, page_size: list.pageSize });
  if (list.status) query.set('status', list.status);
  let data;
  try {
    data = await api(`/api/imports?${query}`);
  } catch (error) {
    showError(error, 'The history could not be loaded');
    return;
  }
  list.total = data.total;
  const s = data.summary;
  stats($('history-summary'), [
    ['Imports', num(s.imports), 'imports'],
    ['Rows', num(s.rows), 'rows'],
    ['Inserted', num(s.inserted), 'inserted', 'good'],
    ['Updated', num(s.updated + s.merged), 'updated', 'good'],
    ['Skipped', num(s.skipped), 'skipped'],
    ['Failed', num(s.failed), 'failed', s.failed ? 'bad' : null],
  ]);
  $('history-table').tBodies[0].replaceChildren(...data.items.map(row));
  $('history-empty').hidden = data.items.length > 0;
  pager('history', list);
}

function row(item) {
  const show = () => open(item.import_id);
  // The whole row is a mouse target; the file name is the keyboard one (a real button).
  return el('tr', { dataset: { importId: item.import_id, status: item.status }, onclick: show },
    el('td', {}, when(item.created_at)),
    el('td', {}, el('button', {
      type: 'button', className: 'link-button', title: 'Show details',
      onclick: (event) => { event.stopPropagation(); show(); },
    }, item.file_name)),
    el('td', {}, statusBadge(item.status)),
    el('td', { className: 'num' }, num(item.total)),
    el('td', { className: 'num' }, num(item.inserted)),
    el('td', { className: 'num' }, num(item.updated)),
    el('td', { className: 'num' }, num(item.merged)),
    el('td', { className: 'num' }, num(item.skipped)),
    el('td', { className: `num${item.failed ? ' bad' : ''}` }, num(item.failed)),
    el('td', { className: 'num', dataset: { stat: 'warnings' } }, num(item.warnings)),
    el('td', { className: 'num' }, duration(item.duration_ms)));
}

/** `openDetails(id)` shows an import when its row is chosen. */
export function wireHistory(openDetails) {
  open = openDetails;
  $('history-status').addEventListener('change', (event) => {
    list.status = event.target.value;
    list.page = 1;
    loadHistory();
  });
  $('history-filter').addEventListener('submit', (event) => event.preventDefault());
  $('history-refresh').addEventListener('click', loadHistory);
  $('history-prev').addEventListener('click', () => { list.page -= 1; loadHistory(); });
  $('history-next').addEventListener('click', () => { list.page += 1; loadHistory(); });
}
