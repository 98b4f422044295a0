// Rolling an import back (from the result or the details): confirm, ask the server, wait until the server
// says the import is final again, then show what was removed, restored and left alone.
import { api, getImport } from './api.js';
import { allow, confirmDialog, el, stats } from './dom.js';
import { num, statusBadge, statusLabel } from './format.js';
import { announce, guarded } from './messages.js';
import { loadNotifications } from './notifications.js';

const POLL_MS = 500;
const QUESTION = 'Roll back this import? Contacts it added are deleted and contacts it changed get their '
  + 'previous values back. Contacts changed since then are left alone and reported as conflicts.';

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Resolves with the import's details after the rollback ended, or null when not confirmed or refused. */
export async function rollback(id, button, target) {
  if (!await confirmDialog(QUESTION, 'Roll back')) return null;
  const done = await guarded(button, async () => {
    await api(`/api/imports/${id}/rollback`, { method: 'DELETE' });
    target.hidden = false;
    target.replaceChildren(el('p', {}, el('span', { className: 'spinner', 'aria-hidden': 'true' }), ' Rolling back…'));
    announce('Rolling back the import…');
    let details = await getImport(id);
    while (!details.is_final) {
      await pause(POLL_MS);
      details = await getImport(id);
    }
    target.replaceChildren(...outcome(details));
    allow(button, details.can_rollback === true);
    loadNotifications();
    announce(details.status === 'rolled_back'
      ? `The import was rolled back: ${num(details.contacts_removed)} contacts removed, ${num(details.contacts_restored)} restored, ${num(details.conflicts)} conflicts.`
      : `The rollback ended as "${statusLabel(details.status)}".`);
    return details;
  }, 'The rollback failed');
  return done || null;
}

function outcome(details) {
  if (details.status !== 'rolled_back') {
    return [el('p', { className: 'error-text' },
      `The rollback ended as "${statusLabel(details.status)}"${details.error ? `: ${details.error}` : '.'}`)];
  }
  const list = stats(el('dl', { className: 'stats' }), [
    ['Contacts removed', num(details.contacts_removed), 'contacts_removed'],
    ['Contacts restored', num(details.contacts_restored), 'contacts_restored'],
    ['Conflicts (left alone)', num(details.conflicts), 'conflicts', details.conflicts ? 'bad' : null],
  ]);
  return [el('p', {}, statusBadge('rolled_back'), ' The import was rolled back.'), list];
}
