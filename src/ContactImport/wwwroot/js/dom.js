// Small DOM helpers shared by every module. Text is always set as text, never parsed as HTML.

export const $ = (id) => document.getElementById(id);

/** Creates an element: el('td', { className: 'num' }, 'text', child, …). */
export function el(tag, props, ...children) {
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

/** Fills a <dl class="facts"> with [term, value] pairs. */
export function facts(target, pairs) {
  target.replaceChildren(...pairs.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));
  return target;
}

/** Fills a <dl class="stats"> with [term, value, key, tone] tuples; each value carries data-stat="key". */
export function stats(target, tuples) {
  target.replaceChildren(...tuples.map(([term, value, key, tone]) =>
    el('div', { className: tone ? `tone-${tone}` : null }, el('dt', {}, term), el('dd', { dataset: { stat: key } }, value))));
  return target;
}

/** Asks for confirmation in the page's <dialog>; resolves true when confirmed. */
export function confirmDialog(text, confirmLabel) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

/** Shows one button of a set of server-decided actions: visible and enabled exactly when `allowed`. */
export function allow(button, allowed) {
  button.hidden = !allowed;
  button.disabled = !allowed;
}

/** Brings a card into view and moves keyboard focus to it. */
export function reveal(node) {
  node.hidden = false;
  node.scrollIntoView({ behavior: 'smooth', block: 'start' });
  if (node.tabIndex >= 0 || node.hasAttribute('tabindex')) node.focus({ preventScroll: true });
}
