// The public JS API, shared by the classic script and the ES module builds (scripts/build.sh
// inlines this file into both; the dialog and the panel are modules loaded when first shown). It owns the façade objects hosts see, and it
// stops calling into the wasm instance for good once that instance has trapped (a Rust panic
// aborts): a broken SDK must never break the page around it.
function makeActivityCapture(load, raw, loadUi) {
  let dead = null;
  const trapped = (e) => {
    if (!dead) {
      dead = new Error('activity-capture: stopped after an internal error; the page is unaffected');
      dead.name = 'ActivityCaptureStateError';
      dead.cause = e;
    }
    return dead;
  };
  const guard = (fn) => {
    if (dead) throw dead;
    try {
      return fn();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw trapped(e);
      throw e;
    }
  };
  // Opens a lazily loaded UI module (fetched on first use): `open(module, done)` shows it and
  // returns its close function. Closing (or stopping) while it loads cancels the showing.
  const lazy = (name, open) => {
    let close = null;
    let showing = null;
    return {
      show() {
        if (dead) return Promise.resolve();
        if (showing) return showing;
        if (close) return Promise.resolve();
        let cancelled = false;
        const cancel = () => { cancelled = true; close = null; };
        close = cancel;
        showing = loadUi(name).then((m) => {
          showing = null;
          if (!cancelled) close = open(m, () => { close = null; });
        }, (e) => {
          showing = null;
          if (close === cancel) close = null;
          throw e;
        });
        return showing;
      },
      close() { if (close) close(); },
    };
  };
  const facade = (h) => {
    let launcher = null;
    // The host's texts, read when first needed (the dialog, the panel or its launcher).
    let read = null;
    const texts = () => read || (read = Object.fromEntries(guard(() => h.texts())));
    const dialog = lazy('dialog', (m, done) => m.showConsentDialog(h, guard, done, texts()));
    const showDialog = () => dialog.show();
    const panel = lazy('panel', (m, done) => m.showPanel(api, texts(), showDialog, done));
    const api = Object.freeze({
      get app() { return guard(() => h.app); },
      get policyHash() { return guard(() => h.policyHash); },
      get purposes() { return guard(() => h.purposes); },
      get privacySignal() { return guard(() => h.privacySignal); },
      get paused() { return guard(() => h.paused); },
      get pendingCount() { return guard(() => h.pendingCount); },
      get stopped() { return dead ? true : guard(() => h.stopped); },
      consent() { return guard(() => h.consent()); },
      setConsent(choices) { return guard(() => h.setConsent(choices)); },
      pending() { return guard(() => h.pending()); },
      flush() { guard(() => h.flush()); },
      pause() { guard(() => h.pause()); },
      resume() { guard(() => h.resume()); },
      exportMine() { return dead ? Promise.reject(dead) : guard(() => h.exportMine()); },
      showConsentDialog() { return dead ? Promise.reject(dead) : showDialog(); },
      showPanel() { return dead ? Promise.reject(dead) : panel.show(); },
      sentLog() { return guard(() => h.sentLog()); },
      forget() { return dead ? Promise.reject(dead) : guard(() => h.forget()).then((v) => { guard(() => h.forgetLocal()); return v; }); },
      stop() {
        dialog.close();
        panel.close();
        if (launcher) launcher.remove();
        if (!dead) guard(() => h.stop());
      },
    });
    if (guard(() => h.panel)) {
      // A small launcher in its own shadow root; the panel itself loads on first use.
      launcher = document.createElement('div');
      launcher.setAttribute('data-ac-private', '');
      launcher.setAttribute('data-ac-ui', '');
      const root = launcher.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('button{position:fixed;right:1rem;bottom:1rem;z-index:2147483646;font:.95rem system-ui,sans-serif;padding:.5rem .8rem;border-radius:.35rem;border:2px solid CanvasText;background:Canvas;color:CanvasText;cursor:pointer}button:focus-visible{outline:3px solid Highlight;outline-offset:2px}');
      root.adoptedStyleSheets = [sheet];
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = texts().panelButton || 'Your data';
      b.addEventListener('click', () => {
        api.showPanel().catch((e) => console.warn('activity-capture: could not load its panel (' + e.message + ')'));
      });
      root.append(b);
      (document.body || document.documentElement).append(launcher);
    }
    if (guard(() => h.shouldAsk)) {
      // Without its dialog nobody is asked, so nothing is captured: safe, but say so once.
      showDialog().catch((e) => console.warn('activity-capture: could not load its consent dialog (' + e.message + ')'));
    }
    return api;
  };
  // A failed load (404, a CSP refusal, no WebAssembly) is reported once on the console; the
  // promises it rejects are marked handled, so the page sees no further errors unless it asks.
  // A later `init` tries again (e.g. with a corrected `wasmUrl`).
  let loadError = null;
  let ready = false;
  const loaded = (url) =>
    load(url).then(() => {
      // The JS half of the classifier (js/sense.js, inlined before this file) goes in once.
      // A trap in one of its listeners (no caller to throw to) is reported once on the console.
      if (!ready) raw().useSense(makeSense((e) => { if (!dead) console.warn(trapped(e).message); }));
      ready = true;
    }, (e) => {
      if (!loadError) {
        loadError = new Error('activity-capture: could not load its WebAssembly module (' + ((e && e.message) || e) + '); the page continues without it');
        loadError.name = 'ActivityCaptureLoadError';
        loadError.cause = e;
        console.warn(loadError.message);
      }
      throw loadError;
    });
  // The promise handed to the page: it settles as `run` does, and only a load failure is
  // marked handled (every other rejection surfaces as the page would expect).
  const settle = (run) => {
    const p = new Promise((ok, no) => run.then(ok, (e) => {
      if (e === loadError) p.catch(() => {});
      no(e);
    }));
    return p;
  };
  const problem = (name, message, option) => {
    const e = new Error('activity-capture: ' + message);
    e.name = name;
    if (option) e.option = option;
    return e;
  };
  // The live handle, and what calls on the global wait for: the last `init` called, or, if it
  // failed, the handle that was live before it.
  let current = null;
  let waiting = null;
  const init = (options) => {
    if (dead) return Promise.reject(dead);
    // `wasmUrl` is needed before the wasm (which checks every other option again) exists.
    const url = options && options.wasmUrl;
    if (url != null && (typeof url !== 'string' || !url.trim() || /\s/.test(url) || (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^https?:/i.test(url)))) {
      return Promise.reject(problem('ActivityCaptureOptionError', 'option `wasmUrl`: expected the URL of activity_capture_bg.wasm: an http(s):// URL or a path, got ' + (typeof url === 'string' ? 'another string' : 'a ' + typeof url), 'wasmUrl'));
    }
    const run = loaded(url).then(() => guard(() => raw().init(options))).then(facade);
    waiting = run.then((h) => (current = h), () => current);
    return settle(run);
  };
  const global = { version: '__VERSION__', init };
  // The handle's methods, also callable on the global once `init` was called: each waits for
  // that `init` only (not for earlier calls' results), so calls start in the order they were made.
  for (const m of ['setConsent', 'pause', 'resume', 'flush', 'showConsentDialog', 'showPanel', 'exportMine', 'forget', 'stop']) {
    global[m] = (...args) => {
      if (!waiting) return Promise.reject(problem('ActivityCaptureStateError', m + '() was called before init()'));
      return settle(waiting.then((h) => {
        if (h) return h[m](...args);
        throw loadError && !ready ? loadError : problem('ActivityCaptureStateError', m + '() found no running instance: init() failed');
      }));
    };
  }
  global.activeListeners = () => (dead || !ready ? 0 : guard(() => raw().activeListeners()));
  return Object.freeze(global);
}
