// The contact schema as the server defines it (GET /api/fields): the mapping choices and the contact
// table's columns come from here, so a field added on the server shows up without a change to the UI.
import { api } from './api.js';

let loading = null;

/** `{ fields: [{ name, label, type, … }], mapping_targets: [{ name, label }] }`, fetched once per sign-in. */
export function loadFields() {
  if (!loading) {
    loading = api('/api/fields').catch((error) => {
      loading = null; // let the next caller try again
      throw error;
    });
  }
  return loading;
}

export function forgetFields() {
  loading = null;
}

