// The contact schema as the server defines it (GET /api/fields): the mapping choices and the contact
// table's columns come from here, so a field added on the server shows up without a change to the UI.
import { api } from './api.js';

let loading = null;

/** `{ fields: [{ name, label, type, … }], mapping_targets: [{ name, label }] }`, fetched once per sign-in. */
export function loadFields() {
  if (!loading) {
    loading = api('/api/fields').catch((error) => {
      if (error.status === 404) return INTERIM; // INTERIM until the schema branch serves /api/fields
      loading = null; // let the next caller try again
      throw error;
    });
  }
  return loading;
}

export function forgetFields() {
  loading = null;
}

// INTERIM (removed when the schema branch is merged): today's fields, as the server has them.
const INTERIM = {
  fields: [
    ['first_name', 'First name'], ['last_name', 'Last name'], ['email', 'E-mail', 'email', true], ['phone', 'Phone', 'phone', true],
    ['company', 'Company'], ['job_title', 'Job title'], ['city', 'City'], ['country', 'Country'],
    ['tags', 'Tags', 'tags'], ['notes', 'Notes', 'multiline'], ['external_id', 'External ID'],
  ].map(([name, label, type = 'text', key = false]) => ({ name, label, type, is_key: key })),
  mapping_targets: [
    ['first_name', 'First name'], ['last_name', 'Last name'], ['full_name', 'Full name (split)'],
    ['email', 'E-mail'], ['phone', 'Phone'], ['company', 'Company'], ['job_title', 'Job title'],
    ['city', 'City'], ['country', 'Country'], ['tags', 'Tags'], ['notes', 'Notes'],
    ['external_id', 'External ID'], ['custom', 'Custom field (keep as is)'], ['ignore', 'Ignore this column'],
  ].map(([name, label]) => ({ name, label })),
};
