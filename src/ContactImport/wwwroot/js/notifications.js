// The bell: unread count, the panel with the latest notifications, mark read, open the import.
import { api } from './api.js';
import { $, el } from './dom.js';
import { when } from './format.js';
import { showError } from './messages.js';

const POLL_MS = 20000;
let timer = null;
let unreadIds = [];
let openImport = () => {};

export async function loadNotifications() {
  if (timer === null) return; // signed out
  let data;
  try {
    data = await api('/api/notifications');
  } catch {
    return; // not worth a message; the next poll tries again
  }
  const badge = $('notif-badge');
  badge.textContent = data.unread > 99 ? '99+' : String(data.unread);
  badge.hidden = data.unread === 0;
  $('notif-button').setAttribute('aria-label', `Notifications (${data.unread} unread)`);
  const list = $('notif-list');
  list.replaceChildren(...data.items.slice(0, 30).map(item));
  if (!data.items.length) list.replaceChildren(el('li', { className: 'muted' }, 'Nothing yet.'));
  unreadIds = data.items.filter((n) => !n.read).map((n) => n.id);
}

function item(n) {
  return el('li', { className: n.read ? 'read' : 'unread' },
    el('p', { className: 'notif-title' }, n.title),
    el('p', { className: 'muted notif-body' }, (n.body || '').split('\n')[0]),
    el('p', { className: 'notif-actions' },
      el('time', { className: 'muted', dateTime: n.created_at }, when(n.created_at)),
      n.import_id ? el('button', {
        type: 'button', className: 'link-button',
        onclick: async () => {
          if (!n.read) await markRead(n.id);
          closePanel(false);
          openImport(n.import_id);
        },
      }, 'Open') : null,
      n.read ? null : el('button', { type: 'button', className: 'link-button', onclick: () => markRead(n.id) }, 'Mark read')));
}

async function markRead(id) {
  try {
    await api(`/api/notifications/${id}/read`, { method: 'POST' });
  } catch (error) {
    showError(error);
  }
  await loadNotifications();
}

function closePanel(focusButton) {
  $('notif-panel').hidden = true;
  $('notif-button').setAttribute('aria-expanded', 'false');
  if (focusButton) $('notif-button').focus();
}

export function startNotifications() {
  clearInterval(timer);
  timer = setInterval(loadNotifications, POLL_MS);
  loadNotifications();
}

export function stopNotifications() {
  clearInterval(timer);
  timer = null;
  closePanel(false);
}

/** `open(importId)` shows an import's details when a notification's "Open" is chosen. */
export function wireNotifications(open) {
  openImport = open;
  $('notif-button').addEventListener('click', () => {
    const panel = $('notif-panel');
    panel.hidden = !panel.hidden;
    $('notif-button').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) loadNotifications();
  });
  $('notif-read-all').addEventListener('click', async () => {
    for (const id of unreadIds) {
      try { await api(`/api/notifications/${id}/read`, { method: 'POST' }); } catch { /* next one */ }
    }
    loadNotifications();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('notif-panel').hidden) closePanel(true);
  });
}
