// Signing in with an API key (kept in the tab's session storage only) and out again.
import { api, onUnauthorized, useKey } from './api.js';
import { $ } from './dom.js';
import { forgetFields } from './fields.js';
import { hideMessage, showError, showNotice } from './messages.js';
import { startNotifications, stopNotifications } from './notifications.js';
import { hideTabs, showTab } from './tabs.js';

let signedIn = false;
let leaving = () => {};

export async function signIn(key) {
  useKey(key);
  try {
    await api('/api/imports?page_size=1');
  } catch (error) {
    useKey(null);
    showError(error.status === 401
      ? new Error('That API key was not accepted. Check that you pasted the whole key and that it has not been revoked.')
      : error);
    return;
  }
  useKey(key, true);
  signedIn = true;
  hideMessage();
  $('signin').hidden = true;
  $('tabs').hidden = false;
  $('session').hidden = false;
  showTab('import');
  startNotifications();
}

export function signOut(message) {
  leaving();
  stopNotifications();
  forgetFields();
  signedIn = false;
  useKey(null);
  hideTabs();
  $('tabs').hidden = true;
  $('session').hidden = true;
  $('signin').hidden = false;
  $('api-key').value = '';
  hideMessage();
  if (message) showNotice(message);
  $('api-key').focus();
}

/** `onLeave()` stops what runs for the signed-in user (the followed import). */
export function wireSession(onLeave) {
  leaving = onLeave;
  onUnauthorized(() => {
    if (signedIn) signOut('Your API key is no longer accepted (revoked or expired). Sign in again.');
  });
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (key) signIn(key);
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('message-close').addEventListener('click', hideMessage);
  $('notice-close').addEventListener('click', hideMessage);
}
