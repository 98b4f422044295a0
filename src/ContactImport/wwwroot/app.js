// ContactImport web UI: vanilla JS, no build step. Every API call sends `Authorization: Bearer <key>`;
// the live progress stream (EventSource cannot send headers) uses a short-lived ?access_token=.
'use strict';

(() => {
  const FIELDS = [
    ['first_name', 'First name'], ['last_name', 'Last name'], ['full_name', 'Full name (split)'],
    ['email', 'E-mail'], ['phone', 'Phone'], ['company', 'Company'], ['job_title', 'Job title'],
    ['city', 'City'], ['country', 'Country'], ['tags', 'Tags'], ['notes', 'Notes'],
    ['external_id', 'External ID'], ['custom', 'Custom field (keep as is)'], ['ignore', 'Ignore this column'],
  ];
  const FINAL = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled', 'rolled_back', 'validated']);
  const ROLLBACK_FROM = new Set(['completed', 'completed_with_errors', 'cancelled', 'failed']);
  const ACTIVE = new Set(['queued', 'running', 'cancelling', 'rolling_back']);
  const STATUS_LABELS = {
    uploaded: 'Uploaded', validated: 'Dry run done', queued: 'Queued', running: 'Running', completed: 'Completed',
    completed_with_errors: 'Completed with errors', failed: 'Failed', cancelling: 'Cancelling', cancelled: 'Cancelled',
    rolling_back: 'Rolling back', rolled_back: 'Rolled back',
  };
  const SEPARATORS = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)' };
  const KEY_STORAGE = 'contactimport.key';

  const state = {
    key: sessionStorage.getItem(KEY_STORAGE),
    signedIn: false,
    upload: null,
    current: null, // { id, fileName } of the import followed on the Import tab
    stream: null,
    pollTimer: null,
    notifTimer: null,
    history: { page: 1, pageSize: 20, status: '', total: 0 },
    contacts: { page: 1, pageSize: 25, search: '', total: 0 },
    detailsId: null,
    lastProgress: null,
    lastExecute: null,
    unreadIds: [],
  };

  const $ = (id) => document.getElementById(id);
  const fmt = new Intl.NumberFormat('en');
  const num = (n) => (n === null || n === undefined ? '–' : fmt.format(n));

  /** Creates an element: el('td', { className: 'num' }, 'text', child, …). Text is always set as text, never HTML. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'dataset') Object.assign(node.dataset, value);
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name in node && !name.includes('-')) node[name] = value;
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  const FALLBACK_MESSAGES = {
    400: 'The request was not accepted.',
    401: 'The API key was not accepted.',
    404: 'Not found: it may have been deleted, or it belongs to another company.',
    409: 'That is not possible in the current state.',
    413: 'The file is too large.',
    415: 'That file type is not supported.',
    422: 'The file cannot be imported.',
  };

  async function api(path, { method = 'GET', json, body, raw = false } = {}) {
    const headers = { Authorization: `Bearer ${state.key}`, Accept: 'application/json, application/problem+json' };
    let payload = body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(json);
    }

    let response;
    try {
      response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
    }

    if (!response.ok) {
      let detail = null;
      if ((response.headers.get('Content-Type') || '').includes('json')) {
        try {
          const problem = await response.json();
          detail = problem.detail || problem.title || null;
        } catch { /* not JSON after all */ }
      }
      const message = detail || FALLBACK_MESSAGES[response.status] || `The server answered HTTP ${response.status}.`;
      if (response.status === 401 && state.signedIn) {
        signOut('Your API key is no longer accepted (revoked or expired). Sign in again.');
      }
      throw new ApiError(response.status, message);
    }

    if (raw) return response;
    if (response.status === 204) return null;
    return (response.headers.get('Content-Type') || '').includes('json') ? response.json() : response.text();
  }

  /** Fetches a file with the key and saves it through a Blob (a plain link could not send the header). */
  async function download(path, fallbackName) {
    const response = await api(path, { raw: true });
    const blob = await response.blob();
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="?([^";]+)"?/i.exec(disposition);
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: match ? match[1] : fallbackName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---------------------------------------------------------------- messages

  function showMessage(text, kind = 'error') {
    const box = $('message');
    box.className = `message ${kind}`;
    $('message-text').textContent = text;
    box.hidden = false;
  }

  function hideMessage() {
    $('message').hidden = true;
  }

  function showError(error, prefix) {
    const text = error instanceof ApiError ? error.message : (error && error.message) || String(error);
    showMessage(prefix ? `${prefix}: ${text}` : text, 'error');
  }

  /** Runs an action for a button: disables it meanwhile and reports failures. */
  async function guarded(button, action, prefix) {
    if (button) button.disabled = true;
    try {
      hideMessage();
      return await action();
    } catch (error) {
      showError(error, prefix);
      return undefined;
    } finally {
      if (button) button.disabled = false;
    }
  }

  function confirmDialog(text, confirmLabel) {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    $('confirm-ok').textContent = confirmLabel;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    });
  }

  // ---------------------------------------------------------------- formatting

  function statusBadge(status) {
    return el('span', { className: `status status-${status}`, dataset: { status } }, STATUS_LABELS[status] || status);
  }

  function bytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return `${ms} ms`;
    return seconds(Math.round(ms / 1000));
  }

  function seconds(s) {
    if (s === null || s === undefined) return '–';
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${s % 60} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '–';
  }

  function facts(target, pairs) {
    target.replaceChildren(...pairs.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));
  }

  function stats(target, pairs) {
    target.replaceChildren(...pairs.map(([term, value, key, tone]) =>
      el('div', { className: tone ? `tone-${tone}` : null }, el('dt', {}, term), el('dd', { dataset: { stat: key } }, value))));
  }

  // ---------------------------------------------------------------- sign in / out, tabs

  async function signIn(key) {
    state.key = key;
    try {
      await api('/api/imports?page_size=1');
    } catch (error) {
      state.key = null;
      showMessage(error.status === 401
        ? 'That API key was not accepted. Check that you pasted the whole key and that it has not been revoked.'
        : error.message);
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    enterApp();
  }

  function enterApp() {
    state.signedIn = true;
    hideMessage();
    $('signin').hidden = true;
    $('tabs').hidden = false;
    $('session').hidden = false;
    showTab('import');
    loadNotifications();
    state.notifTimer = setInterval(loadNotifications, 20000);
  }

  function signOut(message) {
    stopFollowing();
    clearInterval(state.notifTimer);
    state.signedIn = false;
    state.key = null;
    sessionStorage.removeItem(KEY_STORAGE);
    for (const view of document.querySelectorAll('.view')) view.hidden = true;
    $('tabs').hidden = true;
    $('session').hidden = true;
    $('notif-panel').hidden = true;
    $('signin').hidden = false;
    $('api-key').value = '';
    if (message) showMessage(message, 'info');
    else hideMessage();
    $('api-key').focus();
  }

  function showTab(name) {
    for (const button of document.querySelectorAll('.tab')) {
      if (button.dataset.tab === name) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    }
    for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== `view-${name}`;
    if (name === 'history') loadHistory();
    if (name === 'contacts') loadContacts();
  }

  // ---------------------------------------------------------------- step 1: upload, preview, mapping

  async function uploadFile(file) {
    if (!file) return;
    hideMessage();
    $('upload-busy').hidden = false;
    $('step-map').hidden = true;
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      state.upload = await api('/api/imports', { method: 'POST', body: form });
      renderUpload(state.upload);
    } catch (error) {
      showError(error, `"${file.name}" was not uploaded`);
    } finally {
      $('upload-busy').hidden = true;
      $('file-input').value = '';
    }
  }

  function renderUpload(upload) {
    facts($('file-info'), [
      ['File', upload.file_name],
      ['Size', bytes(upload.size_bytes)],
      ['Format', (upload.format || '').toUpperCase()],
      ['Encoding', upload.encoding || '–'],
      ['Separator', upload.separator ? SEPARATORS[upload.separator] || upload.separator : '–'],
      ['Rows', num(upload.total_rows)],
    ]);
    $('file-warnings').replaceChildren(...(upload.warnings || []).map((w) => el('li', {}, w)));

    const headers = upload.headers || [];
    const preview = upload.preview || [];
    $('preview-caption').textContent = `(first ${Math.min(preview.length, 20)} of ${num(upload.total_rows)} rows)`;
    const table = $('preview');
    table.tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col', className: 'num' }, '#'),
      headers.map((h) => el('th', { scope: 'col' }, h))));
    table.tBodies[0].replaceChildren(...preview.slice(0, 20).map((row, i) =>
      el('tr', {}, el('td', { className: 'num muted' }, i + 1), headers.map((_, c) => el('td', { title: row[c] || '' }, row[c] ?? '')))));

    const seen = new Set();
    const rows = headers.map((header, column) => {
      const example = preview.map((r) => r[column]).find((v) => v && v.trim()) || '';
      let choice;
      if (seen.has(header)) {
        choice = el('span', { className: 'muted' }, 'Same name as an earlier column: mapped with it');
      } else {
        seen.add(header);
        const suggested = (upload.suggested_mapping || {})[header] || 'custom';
        choice = el('select', { className: 'map-select', dataset: { header }, 'aria-label': `Import column "${header}" as` },
          FIELDS.map(([value, label]) => el('option', { value, selected: value === suggested }, label)));
      }
      return el('tr', {}, el('th', { scope: 'row' }, header), el('td', { className: 'muted example', title: example }, example), el('td', {}, choice));
    });
    $('mapping').tBodies[0].replaceChildren(...rows);

    $('step-map').hidden = false;
    $('step-progress').hidden = true;
    $('step-map').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  async function startImport() {
    const upload = state.upload;
    if (!upload) return;
    const mapping = {};
    for (const select of document.querySelectorAll('#mapping select.map-select')) mapping[select.dataset.header] = select.value;
    const fields = Object.values(mapping);
    if (!fields.includes('email') && !fields.includes('phone')) {
      showMessage('Map at least one column to E-mail or Phone: contacts are matched and reached by them.');
      return;
    }

    const body = {
      duplicate_strategy: $('opt-strategy').value,
      skip_errors: $('opt-skip-errors').checked,
      dry_run: $('opt-dry-run').checked,
      default_country: $('opt-country').value.trim().toUpperCase() || 'US',
      mapping,
    };
    const email = $('opt-email').value.trim();
    if (email) body.notification_email = email;

    await guarded($('start-import'), async () => {
      await api(`/api/imports/${upload.import_id}/execute`, { method: 'POST', json: body });
      state.upload = null;
      state.lastExecute = { id: upload.import_id, fileName: upload.file_name, body };
      follow(upload.import_id, upload.file_name, body.dry_run);
    }, 'The import did not start');
  }

  // ---------------------------------------------------------------- step 2: live progress

  function resetProgress(fileName, dryRun) {
    $('step-upload').hidden = true;
    $('step-map').hidden = true;
    $('step-progress').hidden = false;
    $('progress-title').textContent = dryRun ? 'Dry run in progress' : 'Importing';
    $('progress-file').textContent = fileName || '';
    $('progress-status').replaceChildren(statusBadge('queued'));
    $('progress-actions').hidden = false;
    $('cancel-import').disabled = false;
    $('result').hidden = true;
    $('rollback-result').hidden = true;
    state.lastProgress = null;
    renderProgress({ progress: 0, processed: 0, total: 0, success: 0, failed: 0, skipped: 0, duplicates: 0 });
  }

  function follow(id, fileName, dryRun) {
    stopFollowing();
    state.current = { id, fileName };
    showTab('import');
    resetProgress(fileName, dryRun);
    openStream(id);
  }

  async function openStream(id) {
    let token = null;
    try {
      token = (await api('/api/tokens', { method: 'POST' })).access_token;
    } catch { /* fall back to polling */ }
    if (!state.current || state.current.id !== id) return;
    if (!token || !('EventSource' in window)) {
      poll(id);
      return;
    }

    const stream = new EventSource(`/api/imports/${id}/events?access_token=${encodeURIComponent(token)}`);
    state.stream = stream;
    stream.addEventListener('progress', (event) => renderProgress(JSON.parse(event.data)));
    stream.addEventListener('completed', (event) => {
      stopFollowing();
      finish(JSON.parse(event.data));
    });
    stream.onerror = () => {
      // The stream dropped (or the token expired): poll the status endpoint with the key instead.
      if (state.stream !== stream) return;
      stream.close();
      state.stream = null;
      poll(id);
    };
  }

  function poll(id) {
    const tick = async () => {
      if (!state.current || state.current.id !== id) return;
      try {
        const status = await api(`/api/imports/${id}/status`);
        renderProgress(status);
        if (FINAL.has(status.status)) {
          const details = await api(`/api/imports/${id}`);
          stopFollowing();
          finish(details);
          return;
        }
      } catch (error) {
        if (error.status === 401 || error.status === 404) {
          showError(error);
          return;
        }
      }
      state.pollTimer = setTimeout(tick, 1000);
    };
    tick();
  }

  function stopFollowing() {
    if (state.stream) state.stream.close();
    state.stream = null;
    clearTimeout(state.pollTimer);
    state.pollTimer = null;
  }

  function renderProgress(p) {
    state.lastProgress = p;
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
    set('skipped', num(p.skipped));
    set('duplicates', num(p.duplicates));
    set('batch', p.total_batches ? `${num(p.current_batch)} of ${num(p.total_batches)}` : '–');
    set('eta', p.eta_seconds === null || p.eta_seconds === undefined ? '–' : seconds(p.eta_seconds));
    set('speed', p.speed_per_minute ? `${num(p.speed_per_minute)}/min` : '–');
  }

  const RESULT_TITLES = {
    completed: 'Import completed',
    completed_with_errors: 'Import completed – some rows failed',
    failed: 'Import failed',
    cancelled: 'Import cancelled',
    validated: 'Dry run finished – nothing was saved',
    rolled_back: 'Import rolled back',
  };

  /** The final result (the `completed` event's data, or the details). */
  function finish(result) {
    const id = result.import_id || (state.current && state.current.id);
    $('progress-actions').hidden = true;
    $('progress-status').replaceChildren(statusBadge(result.status));
    $('progress-title').textContent = RESULT_TITLES[result.status] || 'Finished';
    $('result-error').hidden = !result.error;
    $('result-error').textContent = result.error || '';
    if (result.status !== 'failed' && result.status !== 'cancelled') {
      // The final counts; batches and speed as last reported (the result itself does not carry them).
      const last = state.lastProgress || {};
      const batches = result.total_batches || last.total_batches || 0;
      renderProgress({
        ...last,
        progress: 100, processed: result.total, total: result.total,
        success: result.inserted + result.updated + result.merged + result.unchanged,
        failed: result.failed, skipped: result.skipped, duplicates: result.duplicates, status: result.status,
        current_batch: batches, total_batches: batches, eta_seconds: 0,
      });
    }
    stats($('result-counts'), [
      ['Rows', num(result.total), 'total'],
      ['Inserted', num(result.inserted), 'inserted', 'good'],
      ['Updated', num(result.updated), 'updated', 'good'],
      ['Merged', num(result.merged), 'merged', 'good'],
      ['Unchanged', num(result.unchanged), 'unchanged'],
      ['Skipped', num(result.skipped), 'skipped'],
      ['Failed', num(result.failed), 'failed', result.failed ? 'bad' : null],
      ['Duplicates', num(result.duplicates), 'duplicates'],
      ['Duration', duration(result.duration_ms), 'duration'],
    ]);
    $('result').dataset.importId = id;
    $('result').dataset.status = result.status;
    $('result-errors').hidden = !(result.failed > 0);
    $('result-rollback').hidden = !ROLLBACK_FROM.has(result.status);
    // After a dry run the same upload can run for real, with the same mapping and options.
    $('result-run').hidden = !(result.status === 'validated' && state.lastExecute && state.lastExecute.id === id);
    $('result').hidden = false;
    loadNotifications();
  }

  // ---------------------------------------------------------------- rollback, retry, delete

  const ROLLBACK_TEXT = 'Roll back this import? Contacts it added are deleted and contacts it changed get their '
    + 'previous values back. Contacts changed since then are left alone and reported as conflicts.';

  async function rollback(id, button, target) {
    if (!await confirmDialog(ROLLBACK_TEXT, 'Roll back')) return null;
    return guarded(button, async () => {
      await api(`/api/imports/${id}/rollback`, { method: 'DELETE' });
      target.hidden = false;
      target.replaceChildren(el('p', {}, el('span', { className: 'spinner', 'aria-hidden': 'true' }), ' Rolling back…'));
      let details;
      for (;;) {
        details = await api(`/api/imports/${id}`);
        if (details.status !== 'rolling_back') break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (details.status === 'rolled_back') {
        const list = el('dl', { className: 'stats' });
        stats(list, [
          ['Contacts removed', num(details.contacts_removed), 'contacts_removed'],
          ['Contacts restored', num(details.contacts_restored), 'contacts_restored'],
          ['Conflicts (left alone)', num(details.conflicts), 'conflicts', details.conflicts ? 'bad' : null],
        ]);
        target.replaceChildren(el('p', {}, statusBadge('rolled_back'), ' The import was rolled back.'), list);
      } else {
        target.replaceChildren(el('p', { className: 'error-text' },
          `The rollback ended as "${STATUS_LABELS[details.status] || details.status}"${details.error ? `: ${details.error}` : '.'}`));
      }
      button.hidden = details.status === 'rolled_back';
      loadNotifications();
      return details;
    }, 'The rollback failed');
  }

  // ---------------------------------------------------------------- history and details

  async function loadHistory() {
    const h = state.history;
    const query = new URLSearchParams({ page: h.page, page_size: h.pageSize });
    if (h.status) query.set('status', h.status);
    let data;
    try {
      data = await api(`/api/imports?${query}`);
    } catch (error) {
      showError(error, 'The history could not be loaded');
      return;
    }
    h.total = data.total;
    const s = data.summary;
    stats($('history-summary'), [
      ['Imports', num(s.imports), 'imports'],
      ['Rows', num(s.rows), 'rows'],
      ['Inserted', num(s.inserted), 'inserted', 'good'],
      ['Updated', num(s.updated + s.merged), 'updated', 'good'],
      ['Skipped', num(s.skipped), 'skipped'],
      ['Failed', num(s.failed), 'failed', s.failed ? 'bad' : null],
    ]);
    $('history-table').tBodies[0].replaceChildren(...data.items.map((item) => {
      const open = () => openDetails(item.import_id);
      return el('tr', { dataset: { importId: item.import_id }, onclick: open },
        el('td', {}, when(item.created_at)),
        el('td', {}, el('button', {
          type: 'button', className: 'link-button', title: 'Show details',
          onclick: (event) => { event.stopPropagation(); open(); },
        }, item.file_name)),
        el('td', {}, statusBadge(item.status)),
        el('td', { className: 'num' }, num(item.total)),
        el('td', { className: 'num' }, num(item.inserted)),
        el('td', { className: 'num' }, num(item.updated)),
        el('td', { className: 'num' }, num(item.merged)),
        el('td', { className: 'num' }, num(item.skipped)),
        el('td', { className: `num${item.failed ? ' bad' : ''}` }, num(item.failed)),
        el('td', { className: 'num' }, duration(item.duration_ms)));
    }));
    $('history-empty').hidden = data.items.length > 0;
    pager('history', h);
  }

  function pager(prefix, p) {
    const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
    $(`${prefix}-page`).textContent = `Page ${p.page} of ${pages} (${num(p.total)} in all)`;
    $(`${prefix}-prev`).disabled = p.page <= 1;
    $(`${prefix}-next`).disabled = p.page >= pages;
  }

  async function openDetails(id) {
    let d;
    try {
      d = await api(`/api/imports/${id}`);
    } catch (error) {
      showError(error, 'The details could not be loaded');
      return;
    }
    if ($('view-history').hidden) showTab('history');
    state.detailsId = id;
    const o = d.options || {};
    const body = $('details-body');
    const section = (title, ...content) => el('section', { className: 'details-section' }, el('h3', {}, title), ...content);
    const factList = (pairs) => {
      const dl = el('dl', { className: 'facts' });
      facts(dl, pairs);
      return dl;
    };
    const counts = el('dl', { className: 'stats' });
    stats(counts, [
      ['Rows', num(d.total), 'total'], ['Inserted', num(d.inserted), 'inserted', 'good'],
      ['Updated', num(d.updated), 'updated', 'good'], ['Merged', num(d.merged), 'merged', 'good'],
      ['Unchanged', num(d.unchanged), 'unchanged'], ['Skipped', num(d.skipped), 'skipped'],
      ['Failed', num(d.failed), 'failed', d.failed ? 'bad' : null], ['Duplicates', num(d.duplicates), 'duplicates'],
    ]);
    const parts = [
      el('p', { className: 'details-title' }, el('strong', {}, d.file_name), ' ', statusBadge(d.status)),
      d.error ? el('p', { className: 'error-text' }, d.error) : null,
      section('Counts', counts),
    ];
    if (d.status === 'rolled_back' || d.contacts_removed || d.contacts_restored || d.conflicts) {
      const rb = el('dl', { className: 'stats' });
      stats(rb, [
        ['Contacts removed', num(d.contacts_removed), 'contacts_removed'],
        ['Contacts restored', num(d.contacts_restored), 'contacts_restored'],
        ['Conflicts', num(d.conflicts), 'conflicts', d.conflicts ? 'bad' : null],
      ]);
      parts.push(section('Rollback', rb,
        d.conflict_ids && d.conflict_ids.length
          ? el('p', { className: 'muted' }, `Contacts changed since the import and left alone: ${d.conflict_ids.join(', ')}`)
          : null));
    }
    parts.push(
      section('File', factList([
        ['Format', (d.format || '').toUpperCase()], ['Size', bytes(d.size_bytes || 0)], ['Encoding', d.encoding || '–'],
        ['Separator', d.separator ? SEPARATORS[d.separator] || d.separator : '–'], ['By', d.created_by || '–'],
        ['Uploaded', when(d.created_at)], ['Started', when(d.started_at)], ['Finished', when(d.finished_at)],
        ['Duration', duration(d.duration_ms)],
      ])),
      section('Options', factList([
        ['Duplicates', o.duplicate_strategy || 'skip'], ['Skip rows with errors', o.skip_errors === false ? 'no' : 'yes'],
        ['Dry run', o.dry_run ? 'yes' : 'no'], ['Default country', o.default_country || 'US'],
        ['Batch size', num(o.batch_size)],
      ])),
    );
    if (d.retry_of) {
      parts.push(el('p', {}, 'Retry of ', el('button', {
        type: 'button', className: 'link-button', onclick: () => openDetails(d.retry_of),
      }, `import ${d.retry_of}`)));
    }
    if (d.mapping && Object.keys(d.mapping).length) {
      const entries = Object.entries(d.mapping);
      parts.push(el('details', { className: 'details-section' },
        el('summary', {}, `Mapping (${entries.length} columns)`),
        el('div', { className: 'table-wrap' }, el('table', { className: 'data compact' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Column'), el('th', { scope: 'col' }, 'Imported as'))),
          el('tbody', {}, entries.map(([column, field]) =>
            el('tr', {}, el('td', {}, column), el('td', {}, typeof field === 'string' ? field : JSON.stringify(field)))))))));
    }
    const batches = d.batches || [];
    parts.push(section(`Batches (${num(batches.length)} of ${num(d.total_batches)})`, batches.length
      ? el('div', { className: 'table-wrap' }, el('table', { className: 'data compact', id: 'details-batches' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', className: 'num' }, 'Batch'),
          el('th', { scope: 'col', className: 'num' }, 'Rows'), el('th', { scope: 'col', className: 'num' }, 'Time'),
          el('th', { scope: 'col' }, 'Finished'))),
        el('tbody', {}, batches.map((b) => el('tr', {},
          el('td', { className: 'num' }, num(b.batch)), el('td', { className: 'num' }, num(b.rows)),
          el('td', { className: 'num' }, duration(b.elapsed_ms)), el('td', {}, when(b.finished_at)))))))
      : el('p', { className: 'muted' }, 'No batch has run.')));
    body.replaceChildren(...parts.filter(Boolean));

    $('details-errors').hidden = !(d.failed > 0);
    $('details-retry').hidden = !(d.failed > 0 && FINAL.has(d.status) && d.status !== 'rolled_back');
    $('details-rollback').hidden = !ROLLBACK_FROM.has(d.status);
    $('details-delete').hidden = ACTIVE.has(d.status);
    const card = $('details');
    card.dataset.importId = id;
    card.dataset.status = d.status;
    card.hidden = false;
    card.scrollIntoView({ behavior: 'smooth', block: 'start' });
    card.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- contacts

  async function loadContacts() {
    const c = state.contacts;
    const query = new URLSearchParams({ page: c.page, page_size: c.pageSize });
    if (c.search) query.set('search', c.search);
    let data;
    try {
      data = await api(`/api/contacts?${query}`);
    } catch (error) {
      showError(error, 'The contacts could not be loaded');
      return;
    }
    c.total = data.total;
    $('contacts-table').tBodies[0].replaceChildren(...data.items.map((x) => el('tr', {},
      el('td', {}, [x.first_name, x.last_name].filter(Boolean).join(' ') || '–'),
      el('td', {}, x.email || ''),
      el('td', {}, x.phone || ''),
      el('td', {}, x.company || ''),
      el('td', {}, x.city || ''),
      el('td', {}, x.country || ''),
      el('td', {}, (x.tags || []).map((t) => el('span', { className: 'tag' }, t))))));
    $('contacts-empty').hidden = data.items.length > 0;
    pager('contacts', c);
  }

  // ---------------------------------------------------------------- notifications

  async function loadNotifications() {
    if (!state.signedIn) return;
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
    list.replaceChildren(...data.items.slice(0, 30).map((n) => el('li', { className: n.read ? 'read' : 'unread' },
      el('p', { className: 'notif-title' }, n.title),
      el('p', { className: 'muted notif-body' }, (n.body || '').split('\n')[0]),
      el('p', { className: 'notif-actions' },
        el('time', { className: 'muted', dateTime: n.created_at }, when(n.created_at)),
        n.import_id ? el('button', {
          type: 'button', className: 'link-button',
          onclick: async () => {
            if (!n.read) await markRead(n.id);
            $('notif-panel').hidden = true;
            $('notif-button').setAttribute('aria-expanded', 'false');
            openDetails(n.import_id);
          },
        }, 'Open') : null,
        n.read ? null : el('button', { type: 'button', className: 'link-button', onclick: () => markRead(n.id) }, 'Mark read')))));
    if (!data.items.length) list.replaceChildren(el('li', { className: 'muted' }, 'Nothing yet.'));
    state.unreadIds = data.items.filter((n) => !n.read).map((n) => n.id);
  }

  async function markRead(id) {
    try {
      await api(`/api/notifications/${id}/read`, { method: 'POST' });
    } catch (error) {
      showError(error);
    }
    await loadNotifications();
  }

  // ---------------------------------------------------------------- wiring

  function wire() {
    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (key) signIn(key);
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('message-close').addEventListener('click', hideMessage);
    for (const button of document.querySelectorAll('.tab')) {
      button.addEventListener('click', () => showTab(button.dataset.tab));
    }

    // Upload: drag and drop, click, keyboard.
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
      if (files.length > 1) showMessage('Drop one file at a time.');
      else uploadFile(files[0]);
    });
    // A file dropped next to the zone must not make the browser navigate away from the app.
    window.addEventListener('dragover', (event) => event.preventDefault());
    window.addEventListener('drop', (event) => event.preventDefault());
    input.addEventListener('change', () => uploadFile(input.files[0]));
    $('template').addEventListener('click', (event) =>
      guarded(event.currentTarget, () => download('/api/imports/template.csv', 'contacts-template.csv'), 'Download failed'));

    $('upload-another').addEventListener('click', newImport);
    $('options-form').addEventListener('submit', (event) => {
      event.preventDefault();
      startImport();
    });

    $('cancel-import').addEventListener('click', async (event) => {
      const current = state.current;
      if (!current) return;
      if (!await confirmDialog('Cancel this import? Rows already imported stay (you can roll them back).', 'Cancel import')) return;
      await guarded(event.currentTarget, async () => {
        await api(`/api/imports/${current.id}/cancel`, { method: 'POST' });
        $('progress-status').replaceChildren(statusBadge('cancelling'));
      }, 'The import could not be cancelled');
    });

    $('result-errors').addEventListener('click', (event) => {
      const id = $('result').dataset.importId;
      guarded(event.currentTarget, () => download(`/api/imports/${id}/errors`, `errors-${id}.csv`), 'Download failed');
    });
    $('result-details').addEventListener('click', () => openDetails($('result').dataset.importId));
    $('result-rollback').addEventListener('click', (event) =>
      rollback($('result').dataset.importId, event.currentTarget, $('rollback-result')));
    $('result-new').addEventListener('click', newImport);
    $('result-run').addEventListener('click', (event) => {
      const run = state.lastExecute;
      const body = { ...run.body, dry_run: false };
      guarded(event.currentTarget, async () => {
        await api(`/api/imports/${run.id}/execute`, { method: 'POST', json: body });
        state.lastExecute = { ...run, body };
        follow(run.id, run.fileName, false);
      }, 'The import did not start');
    });

    // History.
    $('history-status').addEventListener('change', (event) => {
      state.history.status = event.target.value;
      state.history.page = 1;
      loadHistory();
    });
    $('history-filter').addEventListener('submit', (event) => event.preventDefault());
    $('history-refresh').addEventListener('click', loadHistory);
    $('history-prev').addEventListener('click', () => { state.history.page -= 1; loadHistory(); });
    $('history-next').addEventListener('click', () => { state.history.page += 1; loadHistory(); });
    $('details-close').addEventListener('click', () => { $('details').hidden = true; });
    $('details-errors').addEventListener('click', (event) => {
      const id = state.detailsId;
      guarded(event.currentTarget, () => download(`/api/imports/${id}/errors`, `errors-${id}.csv`), 'Download failed');
    });
    $('details-rollback').addEventListener('click', async (event) => {
      const id = state.detailsId;
      const status = el('div', { className: 'rollback' });
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
      const id = state.detailsId;
      guarded(event.currentTarget, async () => {
        const retry = await api(`/api/imports/${id}/retry`, { method: 'POST' });
        $('details').hidden = true;
        follow(retry.import_id, 'Retry of the failed rows', false);
      }, 'The retry did not start');
    });
    $('details-delete').addEventListener('click', async (event) => {
      const id = state.detailsId;
      if (!await confirmDialog('Delete this import from the history? The contacts stay.', 'Delete')) return;
      await guarded(event.currentTarget, async () => {
        await api(`/api/imports/${id}`, { method: 'DELETE' });
        $('details').hidden = true;
        showMessage('The import was deleted from the history.', 'success');
        loadHistory();
      }, 'The import was not deleted');
    });

    // Contacts.
    $('contacts-search').addEventListener('submit', (event) => {
      event.preventDefault();
      state.contacts.search = $('contacts-query').value.trim();
      state.contacts.page = 1;
      loadContacts();
    });
    $('contacts-prev').addEventListener('click', () => { state.contacts.page -= 1; loadContacts(); });
    $('contacts-next').addEventListener('click', () => { state.contacts.page += 1; loadContacts(); });
    $('contacts-export').addEventListener('click', (event) =>
      guarded(event.currentTarget, () => download('/api/contacts/export.csv', 'contacts.csv'), 'The export failed'));

    // Notifications.
    $('notif-button').addEventListener('click', () => {
      const panel = $('notif-panel');
      panel.hidden = !panel.hidden;
      $('notif-button').setAttribute('aria-expanded', String(!panel.hidden));
      if (!panel.hidden) loadNotifications();
    });
    $('notif-read-all').addEventListener('click', async () => {
      for (const id of state.unreadIds || []) {
        try { await api(`/api/notifications/${id}/read`, { method: 'POST' }); } catch { /* next one */ }
      }
      loadNotifications();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !$('notif-panel').hidden) {
        $('notif-panel').hidden = true;
        $('notif-button').setAttribute('aria-expanded', 'false');
        $('notif-button').focus();
      }
    });
  }

  function newImport() {
    stopFollowing();
    state.current = null;
    state.upload = null;
    hideMessage();
    $('step-upload').hidden = false;
    $('step-map').hidden = true;
    $('step-progress').hidden = true;
    showTab('import');
    $('dropzone').focus();
  }

  wire();
  if (state.key) signIn(state.key);
  else $('api-key').focus();
})();
