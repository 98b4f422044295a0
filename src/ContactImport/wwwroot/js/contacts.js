// The Contacts tab: a page of contacts with one column per field of the server's schema, search, export.
import { api, download } from './api.js';
import { $, el } from './dom.js';
import { loadFields } from './fields.js';
import { pager } from './format.js';
import { guarded, showError } from './messages.js';

const list = { page: 1, pageSize: 25, search: '', total: 0 };

/** A value as its field's type shows it; text only, never HTML. */
function cell(type, value) {
  if (value === null || value === undefined || value === '') return el('td', {});
  switch (type) {
    case 'tags':
      return el('td', {}, (Array.isArray(value) ? value : [value]).map((t) => el('span', { className: 'tag' }, t)));
    case 'url':
      return el('td', { title: value }, /^https?:\/\//i.test(value)
        ? el('a', { href: value, rel: 'noopener noreferrer', target: '_blank' }, value)
        : value);
    case 'multiline':
      return el('td', { className: 'multiline', title: value }, String(value).split('\n')[0]);
    default:
      return el('td', { title: String(value) }, String(value));
  }
}

export async function loadContacts() {
  const query = new URLSearchParams({ page: list.page, page_size: list.pageSize });
  if (list.search) query.set('search', list.search);
  let fields;
  let data;
  try {
    [{ fields }, data] = await Promise.all([loadFields(), api(`/api/contacts?${query}`)]);
  } catch (error) {
    showError(error, 'The contacts could not be loaded');
    return;
  }
  const table = $('contacts-table');
  table.tHead.replaceChildren(el('tr', {}, fields.map((f) => el('th', { scope: 'col', dataset: { field: f.name } }, f.label))));
  table.tBodies[0].replaceChildren(...data.items.map((contact) =>
    el('tr', {}, fields.map((f) => cell(f.type, contact[f.name])))));
  $('contacts-query').placeholder = fields.filter((f) => f.searchable).map((f) => f.label).join(', ');
  $('contacts-empty').hidden = data.items.length > 0;
  list.total = data.total;
  pager('contacts', list);
}

export function wireContacts() {
  $('contacts-search').addEventListener('submit', (event) => {
    event.preventDefault();
    list.search = $('contacts-query').value.trim();
    list.page = 1;
    loadContacts();
  });
  $('contacts-prev').addEventListener('click', () => { list.page -= 1; loadContacts(); });
  $('contacts-next').addEventListener('click', () => { list.page += 1; loadContacts(); });
  $('contacts-export').addEventListener('click', (event) =>
    guarded(event.currentTarget, () => download('/api/contacts/export.csv', 'contacts.csv'), 'The export failed'));
}
