// The HTTP API: every call sends `Authorization: Bearer <key>`; application/problem+json errors become
// an ApiError whose message is the server's human `detail`.
import { el } from './dom.js';

const KEY_STORAGE = 'contactimport.key';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

// Used only when the server sends no problem detail (a proxy's error page, an empty body).
const FALLBACK_MESSAGES = {
  400: 'The request was not accepted.',
  401: 'The API key was not accepted.',
  404: 'Not found: it may have been deleted, or it belongs to another company.',
  409: 'That is not possible in the current state.',
  413: 'The file is too large.',
  415: 'That file type is not supported.',
  422: 'The file cannot be imported.',
};

let key = sessionStorage.getItem(KEY_STORAGE);
let unauthorized = () => {};

/** The key kept for this tab (session storage), or null. */
export const storedKey = () => key;

/** Uses a key for the next calls; `remember` keeps it in the tab's session storage, null forgets it. */
export function useKey(value, remember = false) {
  key = value;
  if (value === null) sessionStorage.removeItem(KEY_STORAGE);
  else if (remember) sessionStorage.setItem(KEY_STORAGE, value);
}

/** Called when a signed-in call answers 401 (the key was revoked or expired meanwhile). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

async function problemDetail(response) {
  if (!(response.headers.get('Content-Type') || '').includes('json')) return null;
  try {
    const problem = await response.json();
    return problem.detail || problem.title || null;
  } catch {
    return null; // not JSON after all
  }
}

/** Calls the API; resolves with the JSON (or text) body, null for 204, the Response itself with `raw`. */
export async function api(path, { method = 'GET', json, body, raw = false } = {}) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json, application/problem+json' };
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
    const detail = await problemDetail(response);
    if (response.status === 401) unauthorized();
    throw new ApiError(response.status,
      detail || FALLBACK_MESSAGES[response.status] || `The server answered HTTP ${response.status}.`);
  }

  if (raw) return response;
  if (response.status === 204) return null;
  return (response.headers.get('Content-Type') || '').includes('json') ? response.json() : response.text();
}

/** Fetches a file with the key and saves it through a Blob (a plain link could not send the header). */
export async function download(path, fallbackName) {
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

/** A short-lived token for the event stream (EventSource cannot send headers); null when none is issued. */
export async function streamToken() {
  try {
    return (await api('/api/tokens', { method: 'POST' })).access_token || null;
  } catch {
    return null;
  }
}

/** The import's details: counts, options, batches, and what the server allows next (can_*, is_final). */
export const getImport = (id) => api(`/api/imports/${id}`);
