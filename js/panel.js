// The SDK's transparency panel, loaded only when opened (pkg/activity-capture-panel.mjs): what
// will be sent next, what was sent recently and what the collector holds about this person, in
// plain words and as JSON, each field with the purpose it serves; and the person's controls
// (pause/resume, change consent, download, forget). Shadow root, constructable stylesheet,
// textContent only; keyboard usable, focus kept inside while open and restored after.
//
// Every word here can be replaced through the `texts` option (keys in crates/core's TEXT_KEYS;
// a test checks this list against them). `{name}` marks a value filled in by the panel.
const WORDS = {
  panelTitle: 'Your data in this tool', close: 'Close', pause: 'Pause measuring', resume: 'Resume measuring',
  changeConsent: 'Change what I allow', export: 'Download my data (JSON)', forget: 'Forget me',
  forgetConfirm: 'Press again to delete everything about me',
  statusOn: 'Measuring now: {purposes}. Only counts and summaries leave your device, never what you type or read.',
  statusPaused: 'Measuring is paused: nothing is captured or sent until you resume.',
  statusOff: 'Nothing is measured: you have not allowed anything.',
  next: 'About to be sent', sent: 'Sent recently (last 7 days, from this device)', held: 'Held by the collector about you',
  nextEmpty: 'Nothing is waiting to be sent.', sentEmpty: 'Nothing was sent from this device in the last 7 days.',
  heldEmpty: 'The collector holds nothing about you.', asking: 'Asking the collector…',
  askFailed: 'Could not ask the collector: {error}',
  count: 'Summaries: {n}, newest first.', more: 'Only the newest {shown} are shown here; the JSON below has all of them.',
  window: 'Screen {route}, {start} to {end} (a {minutes}-minute window)',
  envelope: 'Each summary also carries the name of this tool, the screen, the time window, a pseudonym that changes every day, a random number for the summary, and which version of the consent text you answered and where.',
  what: 'What is counted', value: 'Value', zeros: 'Also sent, each 0: {fields}', json: 'Show the exact data (JSON)',
  // The purposes, in a few words.
  interaction: 'Clicks and scrolling', typing: 'Typing (counts only)', pointer: 'Pointer movement', navigation: 'Moving between screens',
  // The fields of docs/DATA-DICTIONARY.md, by their path under `data` (targets: one row each).
  clicks: 'Clicks and taps', submits: 'Forms sent', focus_changes: 'Moves from one field or button to another',
  copies: 'Copy actions (never what was copied)', cuts: 'Cut actions (never what was cut)', pastes: 'Paste actions (never what was pasted)',
  private: 'Actions in private fields such as passwords or card numbers (only counted)',
  active_s: 'Seconds you were active (rounded down to a step)', scroll_depth: 'How far down you scrolled, in % (steps of 25)',
  targets: 'Clicks on the element labelled “{label}”',
  'keys.character': 'Keys that type a character (which one is never read)', 'keys.edit': 'Backspace, Delete and similar keys',
  'keys.navigation': 'Arrow, Tab, Enter and similar keys', 'keys.modifier': 'Shift, Control or Alt pressed alone',
  'keys.shortcut': 'Key combinations (shortcuts)', 'inputs.insert': 'Text typed in (never the text itself)',
  'inputs.delete': 'Text deleted', 'inputs.paste': 'Text pasted or dropped in (never the text)', 'inputs.history': 'Undo and redo',
  'inputs.format': 'Formatting changes', 'inputs.other': 'Other changes to fields',
  distance_px: 'How far the pointer moved, in pixels (rounded to a step; never where)',
  page_views: 'Pages opened', route_changes: 'Moves between screens of this tool', hides: 'Times you switched away from the page',
  visible_s: 'Seconds the page was on screen (rounded down to a step)',
};
const CSS = `
  .backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: grid; place-items: center; z-index: 2147483647; }
  .box { max-width: 46rem; width: calc(100% - 2rem); max-height: calc(100% - 2rem); overflow: auto; box-sizing: border-box; color-scheme: light dark;
         background: Canvas; color: CanvasText; border-radius: .5rem; padding: 1.25rem; font: 1rem/1.45 system-ui, sans-serif; }
  .head { display: flex; flex-wrap: wrap-reverse; justify-content: space-between; align-items: center; gap: .5rem; }
  h2 { font-size: 1.25rem; margin: 0; } h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
  p { margin: .4rem 0; }
  .buttons { display: flex; flex-wrap: wrap; gap: .6rem; margin: .8rem 0; }
  button { font: inherit; padding: .5rem .8rem; border-radius: .35rem; border: 2px solid CanvasText; background: Canvas; color: CanvasText; cursor: pointer; }
  button:focus-visible, summary:focus-visible { outline: 3px solid CanvasText; outline-offset: 2px; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; font-size: .95rem; }
  th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid GrayText; overflow-wrap: anywhere; }
  td.n, th.n { text-align: right; white-space: nowrap; }
  caption { text-align: left; font-weight: 600; padding: .3rem 0; }
  .field { display: block; font-size: .85rem; opacity: .8; }
  .field code { font-size: inherit; }
  .note { font-size: .9rem; }
  summary { cursor: pointer; padding: .2rem 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; background: Field; color: FieldText; padding: .5rem; border-radius: .3rem; }
  .status { font-weight: 600; }`;
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
};
// Fills `{name}` marks from `values` (a host's translation may move or drop them).
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
// `[path, value]` for each field under `data`: `keys.character`; arrays (targets) stay whole.
const fields = (data, prefix, out) => {
  for (const [k, v] of Object.entries(data || {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) fields(v, path, out);
    else out.push([path, v]);
  }
  return out;
};
const time = (s) => new Date(s * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const day = (s) => new Date(s * 1000).toLocaleDateString([], { dateStyle: 'medium' });
export function showPanel(api, texts, openDialog, onClose) {
  const words = { ...WORDS, ...texts };
  const row = (t, description, path, purpose, value) => {
    const tr = el('tr');
    const what = el('td', null, description);
    // The wire name and the purpose it serves, secondary to the plain words.
    const field = el('span', { class: 'field' });
    field.append(el('code', null, path), ` · ${words[purpose] || purpose}`);
    what.append(field);
    tr.append(what, el('td', { class: 'n' }, String(value)));
    t.append(tr);
  };
  // One summary as a table: the purpose, screen and window, then each field in plain words.
  const summaryTable = (s) => {
    const t = el('table');
    const caption = el('caption', null, words[s.purpose] || s.purpose || '');
    if (typeof s.start === 'number') {
      const end = s.start + (s.minutes || 0) * 60;
      caption.append(el('br'), el('span', { class: 'field' }, `${day(s.start)} · ${fill(words.window, { route: s.route || '/', start: time(s.start), end: time(end), minutes: s.minutes })}`));
    }
    t.append(caption);
    const head = el('tr');
    head.append(el('th', { scope: 'col' }, words.what), el('th', { scope: 'col', class: 'n' }, words.value));
    t.append(head);
    // Fields that are 0 share one row, so what happened stands out; all are listed.
    const zeros = [];
    for (const [path, v] of fields(s.data, '', [])) {
      if (path === 'targets') {
        for (const x of v || []) row(t, fill(words.targets, { label: x.label }), 'targets[]', s.purpose, x.clicks);
      } else if (v === 0) zeros.push(path);
      else row(t, words[path] || path, path, s.purpose, v);
    }
    if (zeros.length) row(t, fill(words.zeros, { fields: zeros.map((p) => words[p] || p).join('; ') }), zeros.join(', '), s.purpose, 0);
    return t;
  };
  const section = (title, summaries, json, empty) => {
    const id = 'ac-' + Math.random().toString(36).slice(2);
    const s = el('section', { 'aria-labelledby': id });
    s.append(el('h3', { id }, title));
    if (!summaries.length) s.append(el('p', null, empty));
    else {
      const shown = summaries.slice().sort((a, b) => (a.start || 0) - (b.start || 0)).slice(-20).reverse();
      s.append(el('p', null, fill(words.count, { n: summaries.length })));
      if (shown.length < summaries.length) s.append(el('p', { class: 'note' }, fill(words.more, { shown: shown.length })));
      for (const x of shown) s.append(summaryTable(x));
      const d = el('details');
      d.append(el('summary', null, words.json), el('pre', null, json));
      s.append(d);
    }
    box.append(s);
    return s;
  };
  const host = el('div', { 'data-ac-private': '', 'data-ac-ui': '' });
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const backdrop = el('div', { class: 'backdrop' });
  const box = el('div', { class: 'box', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'ac-panel-title' });
  backdrop.append(box);
  root.append(backdrop);
  const previous = document.activeElement;
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    host.remove();
    document.removeEventListener('keydown', keys, true);
    onClose();
    if (previous && typeof previous.focus === 'function') previous.focus();
  };
  const button = (text, onClick) => {
    const b = el('button', { type: 'button' }, text);
    b.addEventListener('click', onClick);
    return b;
  };
  let forgetArmed = false;
  // What is about to be sent, read when the panel opens and after the person acts: reading it
  // closes open windows into the outbox, so it is not read again on every redraw.
  let pending = '';
  const render = (held) => {
    const focusedText = root.activeElement && root.activeElement.textContent;
    box.replaceChildren();
    const head = el('div', { class: 'head' });
    head.append(el('h2', { id: 'ac-panel-title' }, words.panelTitle), button(words.close, close));
    box.append(head);
    const consent = api.consent();
    const granted = Object.keys(consent).filter((p) => consent[p] === 'granted').map((p) => words[p] || p);
    box.append(el('p', { class: 'status', role: 'status' }, api.paused ? words.statusPaused
      : granted.length ? fill(words.statusOn, { purposes: granted.join(', ') }) : words.statusOff));
    const controls = el('div', { class: 'buttons' });
    controls.append(
      button(api.paused ? words.resume : words.pause, () => { api.paused ? api.resume() : api.pause(); pending = api.pending(); render(held); }),
      button(words.changeConsent, () => { close(); openDialog().catch((e) => console.warn('activity-capture: could not load its consent dialog (' + e.message + ')')); }),
      button(words.export, () => api.exportMine().then((data) => {
        const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
        const a = el('a', { href: url, download: `${api.app}-my-data.json` });
        root.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }, (e) => { held.error = e.message; render(held); })),
      button(forgetArmed ? words.forgetConfirm : words.forget, () => {
        if (!forgetArmed) { forgetArmed = true; render(held); return; }
        forgetArmed = false;
        api.forget().then(() => refresh(), (e) => { held.error = e.message; render(held); });
      }),
    );
    box.append(controls, el('p', { class: 'note' }, words.envelope));
    let next = [];
    try { next = pending ? JSON.parse(pending).summaries || [] : []; } catch {}
    section(words.next, next, pending, words.nextEmpty);
    const log = api.sentLog().split('\n').filter(Boolean).map((l) => l.slice(l.indexOf('\t') + 1));
    const sent = log.map((w) => { try { return JSON.parse(w); } catch { return {}; } });
    section(words.sent, sent, JSON.stringify(sent, null, 2), words.sentEmpty);
    const rows = (held.data && held.data.rows) || [];
    const heldSection = section(words.held, rows, JSON.stringify(held.data || {}, null, 2),
      held.error ? fill(words.askFailed, { error: held.error }) : held.data ? words.heldEmpty : words.asking);
    heldSection.setAttribute('aria-busy', String(!held.data && !held.error));
    const again = [...root.querySelectorAll('button')].find((b) => b.textContent === focusedText);
    (again || root.querySelector('button')).focus();
  };
  const refresh = () => {
    const held = {};
    pending = api.pending();
    render(held);
    api.exportMine().then((d) => { held.data = d; }, (e) => { held.error = e.message; }).then(() => open && render(held));
  };
  function keys(e) {
    if (e.key === 'Escape') { e.preventDefault(); close(); return; }
    if (e.key !== 'Tab') return;
    const items = [...root.querySelectorAll('button, summary')];
    const at = items.indexOf(root.activeElement);
    e.preventDefault();
    items[e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : (at + 1) % items.length].focus();
  }
  document.addEventListener('keydown', keys, true);
  (document.body || document.documentElement).append(host);
  refresh();
  return close;
}
