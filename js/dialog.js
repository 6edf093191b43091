// The SDK's own consent dialog: isolated in a shadow root, styled by a constructable stylesheet
// (no inline <style>, so a strict CSP holds), every string set through textContent. Refusing is
// exactly as prominent as allowing; it is keyboard-usable with focus kept inside while open and
// restored after. Only a real (trusted) click can grant through it.
export function showConsentDialog(h, guard, onClose, texts) {
  const doc = document;
  const words = {
    title: 'This tool would like to measure how it is used',
    changeTitle: 'Change what this tool may measure',
    intro: 'Only counts and summaries leave your device, never what you type or read. Choose what to allow; you can change it at any time.',
    refuse: 'Refuse all',
    allowSelected: 'Allow selected',
    allowAll: 'Allow all',
    ...texts,
  };
  const host = doc.createElement('div');
  host.setAttribute('data-ac-private', '');
  host.setAttribute('data-ac-ui', '');
  const root = host.attachShadow({ mode: 'open' });
  const css = `
    .backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: grid; place-items: center; z-index: 2147483647; }
    .box { max-width: 34rem; width: calc(100% - 2rem); max-height: calc(100% - 2rem); overflow: auto; box-sizing: border-box; scroll-padding-bottom: 5rem;
           background: Canvas; color: CanvasText; border-radius: .5rem; padding: 1.25rem; font: 1rem/1.45 system-ui, sans-serif; }
    h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
    label { display: flex; gap: .6rem; align-items: flex-start; margin: .6rem 0; }
    input { width: 1.2rem; height: 1.2rem; margin-top: .15rem; flex: none; }
    .buttons { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem -1.25rem -1.25rem; padding: .75rem 1.25rem 1.25rem; position: sticky; bottom: -1.25rem; background: Canvas; border-top: 1px solid GrayText; }
    button { flex: 1 1 8rem; font: inherit; padding: .6rem .9rem; border-radius: .35rem; border: 2px solid CanvasText;
             background: Canvas; color: CanvasText; cursor: pointer; }
    button:focus-visible, input:focus-visible { outline: 3px solid CanvasText; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) { .box { color-scheme: dark; } }`;
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  }
  const el = (tag, attrs, text) => {
    const e = doc.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  };
  const backdrop = el('div', { class: 'backdrop' });
  const box = el('div', { class: 'box', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'ac-title', 'aria-describedby': 'ac-intro' });
  // Opened again to change consent, it says so and shows what is allowed now.
  const now = guard(() => h.consent());
  const answered = Object.values(now).some((c) => c !== 'pending');
  box.append(el('h2', { id: 'ac-title' }, answered ? words.changeTitle : words.title), el('p', { id: 'ac-intro' }, words.intro));
  const boxes = [];
  for (const [purpose, text] of guard(() => h.purposeTexts())) {
    const label = el('label');
    const input = el('input', { type: 'checkbox', name: purpose });
    input.checked = now[purpose] === 'granted';
    boxes.push(input);
    label.append(input, el('span', null, text));
    box.append(label);
  }
  const buttons = el('div', { class: 'buttons' });
  const refuse = el('button', { type: 'button' }, words.refuse);
  const selected = el('button', { type: 'button' }, words.allowSelected);
  const all = el('button', { type: 'button' }, words.allowAll);
  buttons.append(refuse, selected, all);
  box.append(buttons);
  backdrop.append(box);
  root.append(backdrop);
  const previous = doc.activeElement;
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    onClose();
    host.remove();
    doc.removeEventListener('keydown', trap, true);
    if (previous && typeof previous.focus === 'function') previous.focus();
  };
  const answer = (pick) => (e) => {
    const choices = {};
    for (const b of boxes) choices[b.name] = pick(b);
    try {
      guard(() => h.dialogAnswer(choices, e.isTrusted));
    } finally {
      close();
    }
  };
  refuse.addEventListener('click', answer(() => false));
  selected.addEventListener('click', answer((b) => b.checked));
  all.addEventListener('click', answer(() => true));
  const focusable = () => [...boxes, refuse, selected, all];
  function trap(e) {
    if (e.key === 'Escape') { e.preventDefault(); close(); return; }
    if (e.key !== 'Tab') return;
    const items = focusable();
    const at = items.indexOf(root.activeElement);
    const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : (at + 1) % items.length;
    e.preventDefault();
    items[next].focus();
  }
  doc.addEventListener('keydown', trap, true);
  (doc.body || doc.documentElement).append(host);
  (boxes[0] || refuse).focus();
  return close;
}
