// The audited classification module's JS half (the other is src/classify.rs): the only JS that
// reads what happens on the page. The SDK's listeners are made here: each classifies its event
// and calls its Rust handler with a small number, or for a labelled click with the label's text,
// which the Rust side redacts before anything else sees it. No event object, key name, input
// type, selector or attribute crosses into the wasm, and one call replaces the dozen DOM reads
// a click cost through web-sys.
// Nothing read is kept: the element looked at is dropped before each call returns, and of the
// last label passed only a fingerprint stays, to tell the same label again.
// scripts/build.sh inlines this file into both builds (without `export`); the browser tests
// import it as a module. tests/guarantees.rs checks that no other JS file reads page content;
// tests/capture.rs checks the key and input classes against the core's (observe.rs).
export function makeSense(onTrap) {
  // The page's clock: each event's time goes to the SDK with the event, as the milliseconds
  // since `base`, so the wasm makes no call back to JS to read it.
  const base = Date.now();
  // Once the wasm has trapped (a Rust panic aborts), it is broken for good: the listeners then
  // call it no more, and the façade hears of it once (`onTrap`), so a broken SDK neither breaks
  // the page nor throws on every event after.
  let trapped = false;
  const pass = (call, answer, label, now = Date.now() - base) => {
    if (trapped) return;
    try {
      call(answer, now, label);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      trapped = true;
      if (onTrap) onTrap(e);
    }
  };
  // Answers: where the event happened (PLAIN, PRIVATE: counted only as private; IGNORED: the
  // SDK's own dialog, panel or launcher, or a click on a frame element), or CLASS + a class.
  const PLAIN = 0;
  const PRIVATE = 1;
  const IGNORED = 2;
  const CLASS = 3;
  // A click's answer when it has a label (passed with the label's text), and when its label is
  // the one the listener passed last (AGAIN: no text is passed; the SDK reuses that label's
  // redaction).
  const LABELLED = 3;
  const AGAIN = 4;
  // What a listener answers (src/classify.rs names the same): PAGE whether a pagehide or
  // pageshow keeps the page in the back/forward cache (1) or not (0), as for any other event;
  // PLACE where the event happened; CLICK, KEY, INPUT as `click`, `key`, `input` below.
  const PAGE = 0;
  const PLACE = 1;
  const CLICK = 2;
  const KEY = 3;
  const INPUT = 4;
  const REGION = '[data-ac-private]';
  // Per label source (data-ac-label, aria-label, title): its selector and its attribute.
  const LABELS = ['[data-ac-label]', 'data-ac-label', '[aria-label]', 'aria-label', '[title]', 'title'];
  const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'OS']);
  const EDIT = new Set(['Backspace', 'Delete', 'Clear', 'Cut', 'Copy', 'Paste', 'Undo', 'Redo', 'Insert', 'EraseEof']);
  const NAVIGATION = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', 'Tab', 'Enter', 'Escape']);

  // The element reads go through Element.prototype's own getters and methods (and the input
  // type's), taken when the classifier is made (as the SDK loads), never through the element.
  // A form answers any property read on itself by first looking for a control of that name: a
  // control named `closest` or `localName` would shadow the method or getter, and each read is
  // a lookup among its controls (3 to 4.6 µs for a submit's first three reads, against 0.4
  // to 0.5 through the getters). And a page that later patches a DOM method cannot change
  // what the classifier sees.
  // (Where there is no DOM, as in the façade's tests under Node, there is nothing to take.)
  const proto = (name) => (globalThis[name] || Object).prototype;
  const getter = (of, name) => (Object.getOwnPropertyDescriptor(proto(of), name) || {}).get;
  const SHADOW_ROOT = getter('Element', 'shadowRoot');
  const ASSIGNED_SLOT = getter('Element', 'assignedSlot');
  const LOCAL_NAME = getter('Element', 'localName');
  const INPUT_TYPE = getter('HTMLInputElement', 'type');
  const { closest: CLOSEST, matches: MATCHES, hasAttribute: HAS, getAttribute: GET } = proto('Element');
  // The element the event happened on, and the composed path when it is a shadow host or is
  // slotted into a shadow root: lookups then walk the path (slots, shadow trees, hosts) rather
  // than the light-DOM parents. Listeners on the document see an event from inside an open
  // shadow root as coming from its host; the innermost element is the path's first. Closed
  // roots stay closed: the host is all there is.
  let el = null;
  let path = null;
  // Sets `el` and `path`; -1 when the target is no element, IGNORED in the SDK's own UI (a
  // shadow host marked `data-ac-ui`: only a host can be, so ordinary events pay for neither).
  const find = (e) => {
    const t = e.target;
    if (!(t instanceof Element)) return -1;
    const hosts = SHADOW_ROOT.call(t) !== null;
    if (!hosts && ASSIGNED_SLOT.call(t) === null) {
      el = t;
      path = null;
      return PLAIN;
    }
    const own = hosts && HAS.call(t, 'data-ac-ui');
    path = e.composedPath();
    el = path[0] instanceof Element ? path[0] : t;
    return own ? IGNORED : PLAIN;
  };
  const closest = (selector) => {
    if (path === null) return CLOSEST.call(el, selector);
    for (const node of path) if (node instanceof Element && MATCHES.call(node, selector)) return node;
    return null;
  };
  // Inside `[data-ac-private]` (in its own tree or around any shadow host above it), a password
  // field, or a field whose `autocomplete` marks card data, one-time codes or passwords.
  const isPrivate = () => {
    if (closest(REGION) !== null) return true;
    // Only an input or a text area can be a private field: other elements (the common case)
    // need no further look, and no selector matching.
    const name = LOCAL_NAME.call(el);
    if (name !== 'input' && name !== 'textarea') return false;
    // An input's `type` is its type as the browser understands it (lower case, `text` when the
    // attribute is missing or unknown); a text area's (or a non-HTML input's) attribute is read
    // as written. Most fields have no `autocomplete`, and need no read of it.
    const type = name === 'input' && el instanceof HTMLInputElement ? INPUT_TYPE.call(el) : undefined;
    if (typeof type === 'string' ? type === 'password' : (GET.call(el, 'type') || '').toLowerCase() === 'password') return true;
    if (!HAS.call(el, 'autocomplete')) return false;
    const auto = GET.call(el, 'autocomplete');
    return auto.split(/[\t\n\f\r ]+/).some((token) => {
      const t = token.toLowerCase();
      return t.startsWith('cc-') || t === 'one-time-code' || t.endsWith('-password');
    });
  };
  // Should a read throw (an event's `composedPath` patched by the page, say), the event counts
  // as private (fails closed; nothing reaches the page's console), and whatever happens the
  // element and path looked at are dropped, never carried into the next event.
  const place = (e) => {
    try {
      const found = find(e);
      return found < 0 ? PLAIN : found === IGNORED ? IGNORED : isPrivate() ? PRIVATE : PLAIN;
    } catch (_) {
      return PRIVATE;
    } finally {
      el = path = null;
    }
  };
  // The class of a key press (KeyClass: character, edit, navigation, modifier, shortcut).
  const keyClass = (key, combo) => {
    if (MODIFIERS.has(key)) return 3;
    if (combo) return 4;
    if (EDIT.has(key)) return 1;
    if (NAVIGATION.has(key)) return 2;
    // A printable key's name is the character itself: one grapheme, usually one code point.
    // Named keys (F1, MediaPlay, Unidentified...) are longer words starting with a capital.
    const first = key.codePointAt(0);
    if (first === undefined) return 2;
    if (key.length === (first > 0xffff ? 2 : 1) || first < 65 || first > 90) return 0;
    return key === 'Dead' || key === 'Process' ? 0 : 2;
  };
  // The class of an `input` event from its `inputType` (InputClass: insert, delete, paste,
  // history, format, other); the field's value is never read.
  const inputClass = (t) =>
    t === 'insertFromPaste' || t === 'insertFromPasteAsQuotation' || t === 'insertFromDrop' || t === 'insertFromYank' ? 2
      : t === 'historyUndo' || t === 'historyRedo' ? 3
        : t.startsWith('insert') ? 0 : t.startsWith('delete') ? 1 : t.startsWith('format') ? 4 : 5;
  // The listener of a frequent event (pointer moves if `moves`, else scrolls), so that it never
  // enters the wasm: it wakes the SDK (`wake`, its Rust handler) on the first event of a burst,
  // and the SDK takes what the burst gathered (`take`) when it settles or windows close. Pointer
  // moves are summed (whole pixels are taken; the fraction carries over); an event without
  // movement (a script-made plain `Event`) moves nothing. Untrusted events count only when the
  // host accepts them.
  const burst = (wake, untrusted, moves) => {
    let sum = 0;
    let waiting = false;
    const heard = (e) => {
      if (!untrusted && !e.isTrusted) return;
      if (moves) {
        const dx = e.movementX;
        const dy = e.movementY;
        if (!dx && !dy) return;
        sum += Math.sqrt(dx * dx + dy * dy);
      }
      if (!waiting) {
        waiting = true;
        pass(wake, 0);
      }
    };
    heard.take = () => {
      waiting = false;
      const whole = Math.floor(sum);
      sum -= whole;
      return whole;
    };
    return heard;
  };
  // A click: IGNORED, PRIVATE, PLAIN (no label), or the raw text of the nearest label of the
  // allowed sources (`sources`: one source per 4 bits, lowest first, 1-based; a labelled
  // control inside a component before the component's own label).
  const click = (e, sources) => {
    try {
      const found = find(e);
      if (found < 0 || found === IGNORED || el instanceof HTMLIFrameElement) {
        // Firefox can report a click inside a cross-origin frame as one on the <iframe>:
        // what happens in a frame belongs to its document, never to this page.
        return IGNORED;
      }
      if (isPrivate()) return PRIVATE;
      for (let s = sources; s !== 0; s >>>= 4) {
        const i = ((s & 15) - 1) * 2;
        const at = closest(LABELS[i]);
        const text = at === null ? null : GET.call(at, LABELS[i + 1]);
        if (text !== null) return text;
      }
      return PLAIN;
    } catch (_) {
      return PRIVATE;
    } finally {
      el = path = null;
    }
  };
  const key = (e) => {
    if (!(e instanceof KeyboardEvent)) return IGNORED;
    const where = place(e);
    try {
      return where !== PLAIN ? where : CLASS + keyClass(e.key, e.ctrlKey || e.altKey || e.metaKey);
    } catch (_) {
      return PRIVATE;
    }
  };
  const input = (e) => {
    const where = place(e);
    try {
      return where !== PLAIN ? where : CLASS + (e instanceof InputEvent ? inputClass(e.inputType) : 5);
    } catch (_) {
      return PRIVATE;
    }
  };
  // A batch: clicks, keys and inputs that follow one the SDK was called for, by less than HOLD
  // ms and within the same SLOT (the core's active-time slot, 10 s, which divides every
  // window), are only counted here, per answer, and the SDK takes the counts (`take`) before it
  // handles the next of these events, and before windows close, the route changes or capture
  // pauses. Their time is the batch's start (`from`): the same slot and window as their own.
  // The tallying listeners share one batch; making one ends it, so the next event calls the
  // SDK. `counted`: whether any event was counted since the SDK last took the counts.
  const HOLD = 1000;
  const SLOT = 10000;
  let from = 0;
  let until = -1;
  let counted = false;
  // The SDK's listener for one event type: it classifies each event here (`what`: PAGE, PLACE,
  // CLICK, KEY or INPUT) and calls the SDK's handler `call` (a Rust closure) with the answer
  // and the time (ms since `base`), and for a labelled click LABELLED and the label's text;
  // nothing else crosses. Clicks, keys and inputs in a batch are counted instead (above). An
  // event in the SDK's own UI is not passed on. Untrusted events count only when `untrusted`
  // (the host accepts them, or the browser's own lifecycle events, whatever their trust flag
  // says).
  // A label is told from the last one passed by its fingerprint (its length and two 32-bit
  // FNV-1a hashes with different primes), not kept: nothing read is kept.
  const listener = (what, call, untrusted, sources) => {
    let length = -1;
    let h1 = 0;
    let h2 = 0;
    // Per answer, the events of the batch counted; `mask` has a bit per answer counted.
    const counts = what >= CLICK ? [0, 0, 0, 0, 0, 0, 0, 0, 0] : null;
    let mask = 0;
    if (counts !== null) until = -1;
    const heard = (e) => {
      if (!untrusted && !e.isTrusted) return;
      let answer = what === CLICK ? click(e, sources) : what === KEY ? key(e) : what === INPUT ? input(e)
        : what === PLACE ? place(e) : e.persisted === true ? 1 : 0;
      let label;
      if (typeof answer === 'string') {
        let a = 0x811c9dc5;
        let b = 0x811c9dc5;
        for (let i = 0; i < answer.length; i++) {
          const c = answer.charCodeAt(i);
          a = Math.imul(a ^ c, 0x01000193);
          b = Math.imul(b ^ c, 0x9e3779b1);
        }
        if (answer.length === length && a === h1 && b === h2) {
          answer = AGAIN;
        } else {
          label = answer;
          answer = LABELLED;
          length = label.length;
          h1 = a;
          h2 = b;
        }
      } else if (answer === IGNORED && what !== PAGE) return;
      if (counts === null) {
        pass(call, answer);
        return;
      }
      const now = Date.now() - base;
      // (A clock set back ends the batch too, and the next one begins: none outlasts HOLD.)
      const open = now < until && now >= from;
      if (label === undefined && open) {
        counts[answer]++;
        mask |= 1 << answer;
        counted = true;
        return;
      }
      pass(call, answer, label, now);
      if (!open) {
        from = now;
        until = Math.min(now + HOLD, now + SLOT - ((base + now) % SLOT));
      }
    };
    // take(-1): the answers counted since the last take (a bit each); take(i): how many events
    // were answered i, and none are left counted. Only the counting listeners have it.
    if (counts !== null) heard.take = (i) => {
      if (i < 0) {
        const m = mask;
        mask = 0;
        counted = false;
        return m;
      }
      const n = counts[i];
      counts[i] = 0;
      return n;
    };
    return heard;
  };
  // `key` and `input` too, for the test that checks them against the core's classes.
  return {
    base, listener, burst, key, input,
    // The start of the batch, in ms since `base`; -1 if nothing was counted since the last take.
    get from() { return counted ? from : -1; },
  };
}
