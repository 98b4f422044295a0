// Step 1 and 2 of an import: pick or drop a file, upload it, show what the server found (facts, warnings,
// preview) and the column mapping, then start the import with the chosen options.
import { api, download } from './api.js';
import { $, el, facts, reveal } from './dom.js';
import { loadFields } from './fields.js';
import { bytes, num, separator } from './format.js';
import { guarded, hideMessage, showError, announce } from './messages.js';

const PREVIEW_ROWS = 20;
let upload = null;
let started = () => {};

async function uploadFile(file) {
  if (!file) return;
  hideMessage();
  $('upload-busy').hidden = false;
  $('step-map').hidden = true;
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    const [uploaded, fields] = await Promise.all([api('/api/imports', { method: 'POST', body: form }), loadFields()]);
    upload = uploaded;
    render(uploaded, fields);
  } catch (error) {
    showError(error, `"${file.name}" was not uploaded`);
  } finally {
    $('upload-busy').hidden = true;
    $('file-input').value = '';
  }
}

const FORMATS = { csv: 'CSV (text)', xlsx: 'Excel workbook (.xlsx)', xls: 'Excel 97–2003 workbook (.xls)',
  vcard: 'vCard', ndjson: 'NDJSON (one JSON object per line)' };

function render(u, fields) {
  const info = [
    ['File', u.file_name],
    ['Size', bytes(u.size_bytes)],
    ['Format', FORMATS[u.format] || (u.format || '').toUpperCase()],
    ['Encoding', u.encoding || '–'],
  ];
  // A separator only means something for a text file; the server sends null for the others.
  if (u.separator != null) info.push(['Separator', separator(u.separator)]);
  facts($('file-info'), info);

  const sheets = u.sheets || [];
  $('sheet-row').hidden = sheets.length === 0;
  $('sheet-select').replaceChildren(...sheets.map((name) => el('option', { value: name, selected: name === u.sheet }, name)));
  renderColumns(u, fields);
  $('step-map').hidden = false;
  $('step-progress').hidden = true;
  reveal($('step-map'));
  announce(`${u.file_name} checked: ${num(u.total_rows)} rows, ${(u.headers || []).length} columns. Check the mapping, then import.`);
}

/** What depends on the sheet read: skipped lines, warnings, preview and mapping (the upload or a sheet's preview). */
function renderColumns(view, fields) {
  const notes = [];
  if (view.skipped_lines > 0) {
    notes.push(`${num(view.skipped_lines)} line${view.skipped_lines === 1 ? '' : 's'} before the header row skipped.`);
  }
  // The server's warning about the same preamble says it already; show each sentence once.
  const warnings = [...new Set([...(view.warnings || []), ...notes])];
  $('file-warnings').replaceChildren(...warnings.map((w) => el('li', {}, w)));

  const headers = view.headers || [];
  const preview = (view.preview || []).slice(0, PREVIEW_ROWS);
  const where = view.sheet ? ` of sheet "${view.sheet}"` : '';
  $('preview-caption').textContent = `(first ${preview.length} of ${num(view.total_rows)} rows${where})`;
  const table = $('preview');
  table.tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col', className: 'num' }, '#'),
    headers.map((h) => el('th', { scope: 'col' }, h))));
  table.tBodies[0].replaceChildren(...preview.map((row, i) => el('tr', {},
    el('td', { className: 'num muted' }, i + 1),
    headers.map((_, c) => el('td', { title: row[c] || '' }, row[c] ?? '')))));

  $('mapping').tBodies[0].replaceChildren(...mappingRows(headers, preview, view.suggested_mapping || {}, fields.mapping_targets));
}

/** A workbook's other sheet: read again on the server (no new upload), then shown like the upload. */
async function changeSheet(select) {
  const u = upload;
  if (!u) return;
  const sheet = select.value;
  await guarded(select, async () => {
    const [view, fields] = await Promise.all([
      api(`/api/imports/${u.import_id}/preview?sheet=${encodeURIComponent(sheet)}`), loadFields()]);
    upload = { ...u, ...view };
    renderColumns(view, fields);
    announce(`Sheet "${sheet}": ${num(view.total_rows)} rows, ${(view.headers || []).length} columns.`);
  }, `Sheet "${sheet}" could not be read`);
  // A sheet that could not be read is not the one that imports: the picker shows the one that does.
  if (upload) select.value = upload.sheet;
}

/** One row per column of the file: its name, a first non-empty example, and a select of the server's targets. */
function mappingRows(headers, preview, suggested, targets) {
  const seen = new Set();
  return headers.map((header, column) => {
    const example = preview.map((r) => r[column]).find((v) => v && v.trim()) || '';
    let choice;
    if (seen.has(header)) {
      choice = el('span', { className: 'muted' }, 'Same name as an earlier column: mapped with it');
    } else {
      seen.add(header);
      const wanted = suggested[header] || 'custom';
      choice = el('select', { className: 'map-select', dataset: { header }, 'aria-label': `Import column "${header}" as` },
        targets.map((t) => el('option', { value: t.name, selected: t.name === wanted }, t.label)));
    }
    return el('tr', {}, el('th', { scope: 'row' }, header),
      el('td', { className: 'muted example', title: example }, example), el('td', {}, choice));
  });
}

function options(mapping) {
  const body = {
    duplicate_strategy: $('opt-strategy').value,
    skip_errors: $('opt-skip-errors').checked,
    dry_run: $('opt-dry-run').checked,
    strict: $('opt-strict').checked,
    clear_empty: $('opt-clear-empty').checked && $('opt-strategy').value === 'update',
    default_country: $('opt-country').value.trim().toUpperCase() || 'US',
    mapping,
  };
  const email = $('opt-email').value.trim();
  if (email) body.notification_email = email;
  return body;
}

async function startImport() {
  const u = upload;
  if (!u) return;
  const mapping = {};
  for (const select of document.querySelectorAll('#mapping select.map-select')) mapping[select.dataset.header] = select.value;

  // Which fields identify a contact is the server's to say (is_key on /api/fields).
  const { fields } = await loadFields();
  const keys = fields.filter((f) => f.is_key);
  const chosen = new Set(Object.values(mapping));
  if (keys.length && !keys.some((f) => chosen.has(f.name))) {
    showError(new Error(`Map at least one column to ${keys.map((f) => f.label).join(' or ')}: contacts are matched and reached by them.`));
    return;
  }

  const body = options(mapping);
  if (u.sheet) body.sheet = u.sheet;
  await guarded($('start-import'), async () => {
    await api(`/api/imports/${u.import_id}/execute`, { method: 'POST', json: body });
    upload = null;
    started({ id: u.import_id, fileName: u.file_name, body });
  }, 'The import did not start');
}

/** Back to step 1: a fresh upload. */
export function newImport() {
  upload = null;
  hideMessage();
  $('step-upload').hidden = false;
  $('step-map').hidden = true;
  $('step-progress').hidden = true;
  $('dropzone').focus();
}

/** `onStarted({ id, fileName, body })` follows an import once the server has queued it. */
export function wireUpload(onStarted) {
  started = onStarted;
  const zone = $('dropzone');
  const input = $('file-input');
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const files = event.dataTransfer.files;
    if (files.length > 1) showError(new Error('Drop one file at a time.'));
    else uploadFile(files[0]);
  });
  // A file dropped next to the zone must not make the browser navigate away from the app.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  input.addEventListener('change', () => uploadFile(input.files[0]));
  $('sheet-select').addEventListener('change', (event) => changeSheet(event.currentTarget));

  $('template').addEventListener('click', (event) =>
    guarded(event.currentTarget, () => download('/api/imports/template.csv', 'contacts-template.csv'), 'Download failed'));
  $('options-form').addEventListener('submit', (event) => {
    event.preventDefault();
    startImport();
  });
}
