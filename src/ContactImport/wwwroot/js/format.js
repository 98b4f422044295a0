// How numbers, sizes, times and statuses are written on the page.
import { el } from './dom.js';

const numbers = new Intl.NumberFormat('en');

export const num = (n) => (n === null || n === undefined ? '–' : numbers.format(n));

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function seconds(s) {
  if (s === null || s === undefined) return '–';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${ms} ms`;
  return seconds(Math.round(ms / 1000));
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '–');

const SEPARATORS = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)' };

export const separator = (s) => (s ? SEPARATORS[s] || s : '–');

// Display names only: what a status allows is decided by the server (can_* and is_final on each import).
const STATUS_LABELS = {
  uploaded: 'Uploaded', validated: 'Dry run done', queued: 'Queued', running: 'Running', completed: 'Completed',
  completed_with_errors: 'Completed with errors', failed: 'Failed', cancelling: 'Cancelling', cancelled: 'Cancelled',
  rolling_back: 'Rolling back', rolled_back: 'Rolled back',
};

export const statusLabel = (status) => STATUS_LABELS[status] || status;

export const statusBadge = (status) =>
  el('span', { className: `status status-${status}`, dataset: { status } }, statusLabel(status));

/** A page counter: "Page 2 of 5 (120 in all)", and the pager's buttons enabled where they lead somewhere. */
export function pager(prefix, p) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  document.getElementById(`${prefix}-page`).textContent = `Page ${p.page} of ${pages} (${num(p.total)} in all)`;
  document.getElementById(`${prefix}-prev`).disabled = p.page <= 1;
  document.getElementById(`${prefix}-next`).disabled = p.page >= pages;
}
