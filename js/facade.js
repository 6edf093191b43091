// The public JS API, shared by the classic script and the ES module builds (scripts/build.sh
// inlines this file into both; the dialog and the panel are modules loaded when first shown). It owns the façade objects hosts see, and it
// stops calling into the wasm instance for good once that instance has trapped (a Rust panic
// aborts): a broken SDK must never break the page around it.
function makeActivityCapture(load, raw, loadUi) {
  let dead = null;
  const guard = (fn) => {
    if (dead) throw dead;
    try {
      return fn();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        dead = new Error('activity-capture: stopped after an internal error; the page is unaffected');
        dead.name = 'ActivityCaptureStateError';
        dead.cause = e;
        throw dead;
      }
      throw e;
    }
  };
  // Opens a lazily loaded UI module (fetched on first use): `open(module, done)` shows it and
  // returns its close function. Closing (or stopping) while it loads cancels the showing.
  const lazy = (name, open) => {
    let close = null;
    return {
      show() {
        if (close || dead) return Promise.resolve();
        let cancelled = false;
        close = () => { cancelled = true; close = null; };
        return loadUi(name).then((m) => {
          if (!cancelled) close = open(m, () => { close = null; });
        }, (e) => { close = null; throw e; });
      },
      close() { if (close) close(); },
    };
  };
  const facade = (h) => {
    let launcher = null;
    const texts = Object.fromEntries(guard(() => h.texts()));
    const dialog = lazy('dialog', (m, done) => m.showConsentDialog(h, guard, done, texts));
    const showDialog = () => dialog.show();
    const panel = lazy('panel', (m, done) => m.showPanel(api, texts, showDialog, done));
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
      b.textContent = texts.panelButton || 'Your data';
      b.addEventListener('click', () => { api.showPanel(); });
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
  let loadError = null;
  const loaded = (url) =>
    load(url).then(null, (e) => {
      if (!loadError) {
        loadError = new Error('activity-capture: could not load its WebAssembly module (' + ((e && e.message) || e) + '); the page continues without it');
        loadError.name = 'ActivityCaptureLoadError';
        loadError.cause = e;
        console.warn(loadError.message);
      }
      throw loadError;
    });
  const settle = (run) => {
    const p = new Promise((ok, no) => run().then(ok, (e) => {
      if (e === loadError) p.catch(() => {});
      no(e);
    }));
    return p;
  };
  // Calls made on the global (or queued by the loading snippet before this script ran) run in
  // the order they were made: each waits for the one before it.
  let tail = Promise.resolve();
  let instance = null;
  const inOrder = (run) => {
    const p = settle(() => tail.then(run));
    tail = p.then(() => {}, () => {});
    return p;
  };
  const init = (options) => {
    const p = inOrder(() => {
      if (dead) return Promise.reject(dead);
      // `wasmUrl` is needed before the wasm (which checks every other option) exists.
      const url = options && options.wasmUrl;
      if (url != null && typeof url !== 'string') {
        const e = new Error('activity-capture: option `wasmUrl`: expected the URL of activity_capture_bg.wasm: an http(s):// URL or a path, got a ' + typeof url);
        e.name = 'ActivityCaptureOptionError';
        e.option = 'wasmUrl';
        return Promise.reject(e);
      }
      return loaded(url).then(() => guard(() => raw().init(options))).then(facade);
    });
    instance = p;
    return p;
  };
  const global = { version: '__VERSION__', init };
  // The handle's methods, also callable on the global once `init` was called (they wait for it).
  for (const m of ['setConsent', 'pause', 'resume', 'flush', 'showConsentDialog', 'showPanel', 'exportMine', 'forget', 'stop']) {
    global[m] = (...args) => inOrder(() => {
      if (!instance) {
        const e = new Error('activity-capture: ' + m + '() was called before init()');
        e.name = 'ActivityCaptureStateError';
        return Promise.reject(e);
      }
      return instance.then((h) => h[m](...args));
    });
  }
  global.activeListeners = () => (dead || loadError ? 0 : guard(() => raw().activeListeners()));
  return Object.freeze(global);
}

// Takes over from the loading snippet: replays the calls it queued, in order, settling the
// promises it handed out.
function replayQueued(stub, api) {
  const queue = stub && Array.isArray(stub.q) ? stub.q.splice(0) : [];
  for (const [m, args, ok, no, handed] of queue) {
    const p = typeof api[m] === 'function' ? api[m](...args) : Promise.reject(new TypeError('activity-capture: no method ' + m));
    p.then(ok, (e) => {
      if (e && e.name === 'ActivityCaptureLoadError' && handed) handed.catch(() => {});
      no(e);
    });
  }
}
