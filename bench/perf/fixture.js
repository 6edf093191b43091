// The benchmark fixture's script: builds the page, loads (a) nothing, (b) the floor module or
// (c) the SDK with every purpose granted, and exposes the standard workload (window.workload)
// and the harness's probes (window.bench). Everything here is bench-only code.
(function () {
  'use strict';
  const mode = new URLSearchParams(location.search).get('mode') || 'none';
  const now = () => performance.now();

  // --- Probes installed before anything loads --------------------------------------------
  // Long tasks (>= 50 ms on the main thread), buffered from the page's start. Kept as numbers in
  // a preallocated array, so recording them allocates nothing the heap figure would see.
  const MAX_LONG_TASKS = 1024;
  const longTasks = new Float64Array(2 * MAX_LONG_TASKS);
  let longTaskCount = 0;
  let longTasksDropped = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (longTaskCount === MAX_LONG_TASKS) { longTasksDropped++; continue; }
        longTasks[2 * longTaskCount] = e.startTime;
        longTasks[2 * longTaskCount + 1] = e.duration;
        longTaskCount++;
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    longTasksDropped = -1; // not supported: reported as such
  }

  // Handler probe (`probe=handlers`: a separate page of the harness, never one of the per-event
  // rounds, whose figures it would change): each capture-phase passive listener, i.e. each of
  // the SDK's and the floor module's (the fixture adds none), is wrapped to time its calls, kept
  // per event type in preallocated arrays. Measures "the slowest handler call" without the
  // dispatch around it (the event's path, the garbage collections the workload's own event
  // objects cause).
  const HANDLER_CAP = 1 << 16;
  const handlerTimes = {};
  if (new URLSearchParams(location.search).get('probe') === 'handlers') {
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const wrapped = new WeakMap();
    EventTarget.prototype.addEventListener = function (type, listener, options) {
      if (typeof listener === 'function' && options !== null && typeof options === 'object' && options.capture && options.passive) {
        const rec = handlerTimes[type] || (handlerTimes[type] = { d: new Float64Array(HANDLER_CAP), n: 0, dropped: 0 });
        const timed = function (e) {
          const a = now();
          try {
            return listener.call(this, e);
          } finally {
            if (rec.n < HANDLER_CAP) rec.d[rec.n++] = now() - a;
            else rec.dropped++;
          }
        };
        wrapped.set(listener, timed);
        return add.call(this, type, timed, options);
      }
      return add.call(this, type, listener, options);
    };
    EventTarget.prototype.removeEventListener = function (type, listener, options) {
      return remove.call(this, type, wrapped.get(listener) || listener, options);
    };
  }

  // The wasm instance's linear memory, caught by wrapping both instantiation entry points (the
  // wasm-bindgen glue uses instantiateStreaming, or instantiate as its fallback), and the
  // times of the call and of its result, for the init breakdown.
  const marks = {};
  const keep = (r) => {
    const instance = r instanceof WebAssembly.Instance ? r : r && r.instance;
    // Found by type: the SDK's build gives its exports one- or two-letter names.
    const memory = instance && Object.values(instance.exports).find((x) => x instanceof WebAssembly.Memory);
    if (memory) window.benchMemory = memory;
    marks.instantiated = now();
    return r;
  };
  const streaming = WebAssembly.instantiateStreaming;
  if (typeof streaming === 'function') {
    WebAssembly.instantiateStreaming = function (...args) {
      if (marks.instantiateCalled === undefined) marks.instantiateCalled = now();
      return streaming.apply(this, args).then(keep);
    };
  }
  // The loaded script's evaluation start: both the SDK's classic script and the floor's glue
  // read document.currentScript first thing, so the first read after the tag is inserted marks
  // when the script began to run (its top-level compile just before that included).
  const currentScript = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript').get;
  Object.defineProperty(document, 'currentScript', {
    configurable: true,
    get() {
      if (marks.inserted !== undefined && marks.evaluating === undefined) marks.evaluating = now();
      return currentScript.call(this);
    },
  });
  const plain = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    if (marks.instantiateCalled === undefined) marks.instantiateCalled = now();
    return plain.apply(this, args).then(keep);
  };

  // --- The page ----------------------------------------------------------------------------
  const rows = document.getElementById('rows');
  for (let i = 0; i < 50; i++) {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td>#${1000 + i}</td><td title="Person ${i}">P. ${i}</td><td><button type="button" data-ac-label="Assign">Assign</button></td>`;
    rows.append(tr);
  }
  document.getElementById('form').addEventListener('submit', (e) => e.preventDefault());

  const load = (src) => new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => { marks.scriptLoaded = now(); ok(); }; // fires after the script has run
    s.onerror = () => fail(new Error('failed to load ' + src));
    document.head.append(s);
  });

  // Resolves to { fromInsertion, fromEvaluation, fromResponseEnd, at, phases }: ms to `init`
  // resolved (SDK) or start() returned (floor) from before the <script> tag is inserted (its
  // download included), from the script's evaluation start (the currentScript probe above) and
  // from its Resource Timing responseEnd (download done; any wait for the main thread included).
  // By default the load starts once the fixture page has loaded and painted a frame, so the init
  // figures are the module's and not the page's own parsing, style, layout and first paint
  // (?start=parse inserts the tag while the page is still loading, as the harness first did).
  const pageLoaded = () => (new URLSearchParams(location.search).get('start') === 'parse' ? Promise.resolve()
    : new Promise((ok) => (document.readyState === 'complete' ? ok() : addEventListener('load', () => ok(), { once: true })))
      .then(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)))));
  window.benchReady = (async () => {
    await pageLoaded();
    const t0 = now();
    marks.inserted = t0;
    let src = null;
    if (mode === 'floor') {
      src = '/floor/activity_capture_floor.js';
      await load(src);
      marks.initCalled = now();
      await wasm_bindgen({ module_or_path: '/floor/activity_capture_floor_bg.wasm' });
      wasm_bindgen.start();
      marks.ready = now();
    } else if (mode === 'js') {
      // Empty JS listeners on the events, targets and options of the floor module (FLOOR=js in
      // run.mjs): the first reference row, measured on this host.
      const on = (target, kinds) => kinds.forEach((k) => target.addEventListener(k, () => {}, { capture: true, passive: true }));
      on(document, ['click', 'submit', 'focusin', 'copy', 'cut', 'paste', 'keydown', 'input', 'pointermove', 'visibilitychange']);
      on(window, ['scroll', 'pagehide', 'pageshow', 'popstate', 'hashchange']);
      marks.ready = now();
    } else if (mode === 'sdk') {
      src = '/pkg/activity-capture.js';
      await load(src);
      marks.initCalled = now();
      const h = await ActivityCapture.init({
        endpoint: location.origin, app: 'bench', ingestKey: 'ik_bench_0000',
        purposes: { interaction: 'i', typing: 't', pointer: 'p', navigation: 'n' },
        dialog: false, acceptUntrusted: true,
      });
      marks.ready = now();
      h.setConsent({ interaction: true, typing: true, pointer: true, navigation: true });
      window.sdk = h;
    } else {
      marks.ready = now();
    }
    const script = src && performance.getEntriesByName(new URL(src, location.href).href)[0];
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    const rel = (x) => (x === undefined ? null : x - t0);
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      fromInsertion: marks.ready - t0,
      fromEvaluation: marks.evaluating !== undefined ? marks.ready - marks.evaluating : null,
      fromResponseEnd: script ? marks.ready - script.responseEnd : null,
      at: { start: t0, ready: marks.ready },
      // Milliseconds after the insertion (t0), for the breakdown of the init time.
      phases: {
        t0SinceNavigation: t0,
        htmlResponseEnd: nav ? nav.responseEnd - t0 : null,
        scriptRequestStart: script ? script.requestStart - t0 : null,
        scriptResponseStart: script ? script.responseStart - t0 : null,
        scriptResponseEnd: script ? script.responseEnd - t0 : null,
        scriptEvaluating: rel(marks.evaluating),
        scriptLoaded: rel(marks.scriptLoaded),
        initCalled: rel(marks.initCalled),
        wasmRequestStart: wasm ? wasm.requestStart - t0 : null,
        wasmResponseEnd: wasm ? wasm.responseEnd - t0 : null,
        instantiateCalled: rel(marks.instantiateCalled),
        instantiated: rel(marks.instantiated),
        ready: marks.ready - t0,
        crossOriginIsolated: self.crossOriginIsolated,
      },
    };
  })();

  // --- The synthetic workload ----------------------------------------------------------------
  // Each event is built before its clock starts: only dispatchEvent is timed. Each dispatch's
  // duration goes into a Float64Array preallocated per category (bench.prepare), and the loop
  // yields to the event loop every `batch` events (a MessageChannel message: no timer clamping),
  // so the workload is many short tasks and a long task is something else's.
  const buffers = {};
  const buffer = (kind, n) => (buffers[kind] && buffers[kind].length >= n ? buffers[kind] : (buffers[kind] = new Float64Array(n)));
  const channel = new MessageChannel();
  let resume = null;
  channel.port1.onmessage = () => { const r = resume; resume = null; r(); };
  const yieldNow = () => new Promise((r) => { resume = r; channel.port2.postMessage(0); });

  const quantile = (sorted, q) => {
    const p = (sorted.length - 1) * q;
    const lo = Math.floor(p);
    return sorted[lo] + (sorted[Math.ceil(p)] - sorted[lo]) * (p - lo);
  };
  // { ms: total dispatch time, n, worst / p999: µs, batchMeans: µs per event in each batch }.
  function summary(d, n, batch) {
    let sum = 0;
    const batchMeans = [];
    for (let i = 0; i < n; i += batch) {
      let s = 0;
      const end = Math.min(n, i + batch);
      for (let j = i; j < end; j++) s += d[j];
      sum += s;
      batchMeans.push((s * 1000) / (end - i));
    }
    const sorted = d.slice(0, n).sort();
    return { ms: sum, n, worst: sorted[n - 1] * 1000, p999: quantile(sorted, 0.999) * 1000, batchMeans };
  }

  let ev0 = null, ev1 = null, ev2 = null, ev3 = null, target = null;
  async function timed(kind, n, batch, prep, fire) {
    const d = buffer(kind, n);
    for (let i = 0; i < n; i++) {
      prep(i);
      const a = now();
      fire();
      d[i] = now() - a;
      if ((i + 1) % batch === 0 && i + 1 < n) await yieldNow();
    }
    ev0 = ev1 = ev2 = ev3 = target = null;
    return summary(d, n, batch);
  }
  // A lone event: one more than a second after the last, which the SDK's listeners do not
  // count in a batch but pass into the wasm. The page's clock (`Date.now`, which the SDK reads;
  // the dispatch is timed by `now`) is moved on 1.1 s before each, then set right after.
  async function lone(kind, n, batch, prep, fire) {
    const real = Date.now;
    let skew = 0;
    Date.now = () => real.call(Date) + skew;
    try {
      return await timed(kind, n, batch, (i) => { skew += 1100; prep(i); }, fire);
    } finally {
      Date.now = real;
    }
  }
  // The table's buttons (type=button). The form's submit button is the `submits` category: its
  // click also submits the form, whose own handling costs about 260 µs in every mode, which
  // made one click in 41 dominate the click figures and their spread.
  const buttons = () => [...document.querySelectorAll('#rows button')];
  const field = () => document.getElementById('field');
  const area = () => document.getElementById('area');
  // Events per batch (each batch one task): 50–100, but 5 for focus, whose four focus changes
  // each recalculate style (about 0.3–2 ms each here), so a batch stays well under 50 ms.
  const BATCH = { clicks: 50, submits: 5, keys: 50, pointer: 100, scrolls: 50, focus: 5, lone_clicks: 10, lone_keys: 10 };

  window.workload = {
    clicks(n, batch = BATCH.clicks, run = timed, kind = 'clicks') {
      const b = buttons();
      return run(kind, n, batch, (i) => {
        target = b[i % b.length];
        ev0 = new MouseEvent('click', { bubbles: true, cancelable: true });
      }, () => target.dispatchEvent(ev0));
    },
    // The form's submit button clicked: the click, then the form's submit event (the fixture
    // cancels the submission).
    submits(n, batch = BATCH.submits) {
      const save = document.querySelector('#form button[type=submit]');
      return timed('submits', n, batch, () => {
        target = save;
        ev0 = new MouseEvent('click', { bubbles: true, cancelable: true });
      }, () => target.dispatchEvent(ev0));
    },
    keys(n, batch = BATCH.keys, run = timed, kind = 'keys') {
      const targets = [field(), area()];
      return run(kind, n, batch, (i) => {
        target = targets[i & 1];
        const key = String.fromCharCode(97 + (i % 26));
        ev0 = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
        ev1 = new KeyboardEvent('keypress', { key, bubbles: true, cancelable: true });
        ev2 = new InputEvent('input', { inputType: 'insertText', data: key, bubbles: true });
        ev3 = new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true });
      }, () => {
        target.dispatchEvent(ev0);
        target.dispatchEvent(ev1);
        target.dispatchEvent(ev2);
        target.dispatchEvent(ev3);
      });
    },
    // The same clicks and key sequences, each a lone event.
    lone_clicks(n) { return window.workload.clicks(n, BATCH.lone_clicks, lone, 'lone_clicks'); },
    lone_keys(n) { return window.workload.keys(n, BATCH.lone_keys, lone, 'lone_keys'); },
    pointer(n, batch = BATCH.pointer) {
      const body = document.body;
      return timed('pointer', n, batch, (i) => {
        target = body;
        ev0 = new PointerEvent('pointermove', { bubbles: true, movementX: 3, movementY: i & 3, clientX: i % 800, clientY: 100 });
      }, () => target.dispatchEvent(ev0));
    },
    scrolls(n, batch = BATCH.scrolls) {
      return timed('scrolls', n, batch, () => { target = window; ev0 = new Event('scroll'); }, () => target.dispatchEvent(ev0));
    },
    focus(n, batch = BATCH.focus) {
      const f = field();
      const a = area();
      return timed('focus', n, batch, () => {}, () => { f.focus(); a.focus(); f.blur(); a.blur(); });
    },
    // The page hidden (another tab chosen) and shown again: `document.hidden` is made to say so
    // (a bench-only override, removed after), and the hidden side's visibilitychange is timed.
    hidden() {
      const own = Object.getOwnPropertyDescriptor(document, 'hidden');
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      const a = now();
      document.dispatchEvent(new Event('visibilitychange'));
      const ms = now() - a;
      if (own) Object.defineProperty(document, 'hidden', own);
      else delete document.hidden;
      document.dispatchEvent(new Event('visibilitychange'));
      return { ms, worst: 0 };
    },
    hide() {
      const e = new PageTransitionEvent('pagehide', { persisted: false });
      const a = now();
      window.dispatchEvent(e);
      return { ms: now() - a, worst: 0 };
    },
  };

  // --- Probes for the harness ------------------------------------------------------------------
  const trustedStart = new Float64Array(8);
  const trustedTotal = new Float64Array(8);
  const trustedCount = new Float64Array(8);
  const TRUSTED = ['click', 'keydown', 'input', 'pointermove'];
  const first = TRUSTED.map((_, k) => () => { trustedStart[k] = now(); });
  const last = TRUSTED.map((_, k) => () => { trustedTotal[k] += now() - trustedStart[k]; trustedCount[k]++; });

  window.bench = {
    now,
    // Preallocates the per-dispatch arrays: { kind: count }.
    prepare(work) { for (const [kind, n] of Object.entries(work)) buffer(kind, n); },
    warmUp(work) {
      return (async () => { for (const [kind, n] of Object.entries(work)) await window.workload[kind](n); })();
    },
    // Runs every category in turn; { start, end, [kind]: summary with its own start and end }.
    async workload(work) {
      const out = { start: now() };
      for (const [kind, n] of Object.entries(work)) {
        const start = now();
        out[kind] = await window.workload[kind](n);
        out[kind].start = start;
        out[kind].end = now();
      }
      out.end = now();
      return out;
    },
    idle(ms) { return new Promise((r) => setTimeout(r, ms)).then(now); },
    // The handler probe's records: reset() forgets the warm-up's; read() gives per event type
    // { n, dropped, mean, p999, max } in µs.
    handlers: {
      reset() { for (const rec of Object.values(handlerTimes)) { rec.n = 0; rec.dropped = 0; } },
      read() {
        const out = {};
        for (const [type, rec] of Object.entries(handlerTimes)) {
          if (rec.n === 0) continue;
          const sorted = rec.d.slice(0, rec.n).sort();
          let sum = 0;
          for (let i = 0; i < rec.n; i++) sum += sorted[i];
          out[type] = { n: rec.n, dropped: rec.dropped, mean: (sum / rec.n) * 1000, p999: quantile(sorted, 0.999) * 1000, max: sorted[rec.n - 1] * 1000 };
        }
        return out;
      },
    },

    memoryPages() { return window.benchMemory ? window.benchMemory.buffer.byteLength / 65536 : null; },
    // Long tasks overlapping [from, to]: { count, ms } (ms: their whole durations).
    longTasks(from, to) {
      let count = 0;
      let ms = 0;
      for (let i = 0; i < longTaskCount; i++) {
        const s = longTasks[2 * i];
        const d = longTasks[2 * i + 1];
        if (s < to && s + d > from) { count++; ms += d; }
      }
      return { count, ms, dropped: longTasksDropped };
    },
    // Trusted input, measured in the page: a window capture-phase listener (before the
    // document's capture listeners, so before the SDK's) notes the time, a window bubble-phase
    // listener (after every other listener) adds the difference to that type's total.
    trusted: {
      start(types) {
        trustedTotal.fill(0);
        trustedCount.fill(0);
        for (const t of types) {
          const k = TRUSTED.indexOf(t);
          window.addEventListener(t, first[k], true);
          window.addEventListener(t, last[k], false);
        }
      },
      stop(types) {
        const out = {};
        for (const t of types) {
          const k = TRUSTED.indexOf(t);
          window.removeEventListener(t, first[k], true);
          window.removeEventListener(t, last[k], false);
          out[t] = { n: trustedCount[k], ms: trustedTotal[k] };
        }
        return out;
      },
    },
  };
})();
