// What the page tells the user: errors in the alert box (role="alert"), news in the notice box and the
// screen-reader announcer (both role="status", polite).
import { $ } from './dom.js';

export function showError(error, prefix) {
  const text = (error && error.message) || String(error);
  $('message-text').textContent = prefix ? `${prefix}: ${text}` : text;
  $('message').hidden = false;
}

export function hideMessage() {
  $('message').hidden = true;
  $('notice').hidden = true;
}

/** Visible news (e.g. "The import was deleted"), read out politely. */
export function showNotice(text) {
  $('notice-text').textContent = text;
  $('notice').hidden = false;
  announce(text);
}

let lastAnnounced = '';

/**
 * Read out by screen readers without moving focus. The region is cleared first so that the same words
 * (two imports finishing alike) are announced again.
 */
export function announce(text) {
  const region = $('announcer');
  if (text === lastAnnounced) region.textContent = '';
  lastAnnounced = text;
  setTimeout(() => { region.textContent = text; }, 50);
}

/** Runs an action for a button: disables it meanwhile and reports a failure in the alert box. */
export async function guarded(button, action, prefix) {
  if (button) button.disabled = true;
  try {
    hideMessage();
    return await action();
  } catch (error) {
    showError(error, prefix);
    return undefined;
  } finally {
    // A button the action hid (no longer allowed) stays disabled.
    if (button && !button.hidden) button.disabled = false;
  }
}
