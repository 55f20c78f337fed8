// A small element builder: every text goes in as a text node, so nothing from the API can
// become markup.

const PROPERTY_KEYS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'htmlFor']);

const append = (element, child) => {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    child.forEach((c) => append(element, c));
    return;
  }
  element.append(child instanceof Node ? child : document.createTextNode(String(child)));
};

/** h('button', { class: 'x', onclick: fn, 'aria-label': '…' }, 'text', otherNode) */
export const h = (tag, props = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      element.addEventListener(key.slice(2), value);
    else if (key === 'class')
      element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (PROPERTY_KEYS.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
};

export const clear = (element) => {
  element.replaceChildren();
  return element;
};

let idCounter = 0;
/** Unique element ids for label/aria wiring. */
export const uid = (prefix) => `${prefix}-${++idCounter}`;

/** A table from column definitions { label, cell(row), numeric? }. */
export const table = (caption, columns, rows, options = {}) =>
  h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: options.class },
      h('caption', { class: options.hideCaption ? 'visually-hidden' : undefined }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) =>
            h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            columns.map((c) =>
              h(
                c.header ? 'th' : 'td',
                { class: c.numeric ? 'num' : undefined, scope: c.header ? 'row' : undefined },
                c.cell(row),
              ),
            ),
          ),
        ),
      ),
    ),
  );

/** A heading-led section. */
export const section = (title, ...children) => {
  const id = uid('section');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...children,
  );
};

/** Says something to screen readers through the page's polite live region. */
export const announce = (message) => {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node on the next frame, so the same message twice is announced twice.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
};
