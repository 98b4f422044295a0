// The three sections (Import, History, Contacts): one visible at a time, the others load when shown.
const shown = new Map();

/** Registers what a section does when it is shown (e.g. reload its list). */
export function onTabShown(name, handler) {
  shown.set(name, handler);
}

export function showTab(name) {
  for (const button of document.querySelectorAll('.tab')) {
    if (button.dataset.tab === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== `view-${name}`;
  shown.get(name)?.();
}

export const isTabShown = (name) => !document.getElementById(`view-${name}`).hidden;

export function hideTabs() {
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
}

export function wireTabs() {
  for (const button of document.querySelectorAll('.tab')) {
    button.addEventListener('click', () => showTab(button.dataset.tab));
  }
}
