// The SDK's transparency panel, loaded only when opened (pkg/activity-capture-panel.mjs): what
// will be sent next, what was sent recently and what the collector holds about this person, in
// plain words and as JSON, each field with the purpose it serves; and the person's controls
// (pause/resume, change consent, download, forget). Shadow root, constructable stylesheet,
// textContent only; keyboard usable, focus kept inside while open and restored after.
const MEANING = {
  v: 'schema version', id: 'random id of this summary', subject: 'daily pseudonym (changes every day, differs per app)',
  app: 'this application', start: 'start of the time window', minutes: 'length of the time window',
  route: 'page, with names and numbers replaced by :id', purpose: 'the purpose you allowed',
  policy: 'version of the consent text you answered', consent: 'where you gave consent', dropped: 'summaries lost because the device was offline too long',
  clicks: 'clicks and taps', submits: 'forms submitted', focus_changes: 'moves between fields', copies: 'copy actions (never what was copied)',
  cuts: 'cut actions (never the content)', pastes: 'paste actions (never the content)', private: 'activity in private fields (counted only)',
  active_s: 'seconds with activity (rounded down)', scroll_depth: 'how far down you scrolled (%)', label: 'name of a most-clicked button',
  character: 'key presses that type a character (which one is never read)', edit: 'Backspace, Delete and similar', navigation: 'arrow, Tab, Enter and similar keys',
  modifier: 'Shift, Control, Alt pressed alone', shortcut: 'key combinations', insert: 'typed insertions (the text is never read)',
  delete: 'deletions', paste: 'pasted insertions', history: 'undo and redo', format: 'formatting changes', other: 'other input',
  distance_px: 'pointer distance moved (rounded, never positions)', page_views: 'page loads', route_changes: 'moves between pages of the app',
  hides: 'times the page was hidden', visible_s: 'seconds the page was visible (rounded down)',
};
const WORDS = {
  panelTitle: 'Your data in this tool', close: 'Close', pause: 'Pause measuring', resume: 'Resume measuring',
  changeConsent: 'Change what I allow', export: 'Download my data (JSON)', forget: 'Forget me',
  forgetConfirm: 'Press again to delete everything about me', next: 'About to be sent', sent: 'Sent recently (last 7 days, this device)',
  held: 'Held by the collector about you', nothing: 'Nothing.',
};
const CSS = `
  .backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: grid; place-items: center; z-index: 2147483647; }
  .box { max-width: 46rem; width: calc(100% - 2rem); max-height: calc(100% - 2rem); overflow: auto; box-sizing: border-box; color-scheme: light dark;
         background: Canvas; color: CanvasText; border-radius: .5rem; padding: 1.25rem; font: 1rem/1.45 system-ui, sans-serif; }
  h2 { font-size: 1.25rem; margin: 0 0 .5rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
  p { margin: .3rem 0; }
  .buttons { display: flex; flex-wrap: wrap; gap: .6rem; margin: .8rem 0; }
  button { font: inherit; padding: .5rem .8rem; border-radius: .35rem; border: 2px solid CanvasText; background: Canvas; color: CanvasText; cursor: pointer; }
  button:focus-visible, summary:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
  .close { float: right; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .95rem; }
  th, td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid GrayText; overflow-wrap: anywhere; }
  caption { text-align: left; font-weight: 600; padding: .3rem 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; background: Field; color: FieldText; padding: .5rem; border-radius: .3rem; }
  .status { font-weight: 600; }`;
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
};
const flat = (o, prefix, out) => {
  for (const [k, v] of Object.entries(o || {})) {
    if (v && typeof v === 'object') flat(v, Array.isArray(o) ? prefix : k, out);
    else out.push([prefix && /^\d+$/.test(k) ? prefix : k, v]);
  }
  return out;
};
// One summary as a table: field, value, and what it means / which purpose it serves.
const summaryTable = (s) => {
  const t = el('table');
  const when = typeof s.start === 'number' ? new Date(s.start * 1000).toLocaleString() : '';
  t.append(el('caption', null, `${s.purpose || '?'} · ${s.route || ''} · ${when}`));
  const head = el('tr');
  head.append(el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, 'Meaning (purpose)'));
  t.append(head);
  for (const [k, v] of flat(s.data || {}, '', [])) {
    const row = el('tr');
    row.append(el('td', null, k), el('td', null, String(v)), el('td', null, `${MEANING[k] || k} (${s.purpose || 'all'})`));
    t.append(row);
  }
  return t;
};
const section = (root, title, summaries, json, nothing) => {
  const id = 'ac-' + Math.random().toString(36).slice(2);
  const s = el('section', { 'aria-labelledby': id });
  s.append(el('h3', { id }, title));
  if (!summaries.length) s.append(el('p', null, nothing));
  else {
    s.append(el('p', null, `${summaries.length} summar${summaries.length === 1 ? 'y' : 'ies'}.`));
    for (const x of summaries.slice(-20)) s.append(summaryTable(x));
    const d = el('details');
    d.append(el('summary', null, 'Show as JSON'), el('pre', null, json));
    s.append(d);
  }
  root.append(s);
  return s;
};
export function showPanel(api, texts, openDialog, onClose) {
  const words = { ...WORDS, ...texts };
  const host = el('div', { 'data-ac-private': '' });
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
  const button = (text, onClick, cls) => {
    const b = el('button', { type: 'button', class: cls || '' }, text);
    b.addEventListener('click', onClick);
    return b;
  };
  let forgetArmed = false;
  const render = (held) => {
    const focusedText = root.activeElement && root.activeElement.textContent;
    box.replaceChildren();
    box.append(button(words.close, close, 'close'), el('h2', { id: 'ac-panel-title' }, words.panelTitle));
    const consent = api.consent();
    const granted = Object.keys(consent).filter((p) => consent[p] === 'granted');
    box.append(el('p', { class: 'status', role: 'status' }, api.paused
      ? 'Measuring is paused: nothing is captured or sent.'
      : granted.length ? `Measuring: ${granted.join(', ')}. Only counts and summaries leave your device.` : 'Nothing is measured: you have not allowed anything.'));
    const controls = el('div', { class: 'buttons' });
    controls.append(
      button(api.paused ? words.resume : words.pause, () => { api.paused ? api.resume() : api.pause(); render(held); }),
      button(words.changeConsent, () => { close(); openDialog(); }),
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
    box.append(controls);
    const pending = api.pending();
    let next = [];
    try { next = pending ? JSON.parse(pending).summaries || [] : []; } catch {}
    section(box, words.next, next, pending, words.nothing);
    const log = api.sentLog().split('\n').filter(Boolean).map((l) => l.slice(l.indexOf('\t') + 1));
    const sent = log.map((w) => { try { return JSON.parse(w); } catch { return {}; } });
    section(box, words.sent, sent, JSON.stringify(sent, null, 2), words.nothing);
    const rows = (held.data && held.data.rows) || [];
    const heldSection = section(box, words.held, rows, JSON.stringify(held.data || {}, null, 2),
      held.error ? `Could not ask the collector: ${held.error}` : held.data ? words.nothing : 'Asking the collector…');
    heldSection.setAttribute('aria-busy', String(!held.data && !held.error));
    const again = [...root.querySelectorAll('button')].find((b) => b.textContent === focusedText);
    (again || root.querySelector('button')).focus();
  };
  const refresh = () => {
    const held = {};
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
