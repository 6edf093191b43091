// The public JS API, shared by the classic script and the ES module builds (scripts/build.sh
// inlines this file and dialog.js into both). It owns the façade objects hosts see, and it
// stops calling into the wasm instance for good once that instance has trapped (a Rust panic
// aborts): a broken SDK must never break the page around it.
function makeActivityCapture(load, raw, panelUrl) {
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
  const facade = (h) => {
    let closeDialog = null;
    let closePanel = null;
    let launcher = null;
    const texts = Object.fromEntries(guard(() => h.texts()));
    const showDialog = () => {
      if (closeDialog || dead) return;
      const close = showConsentDialog(h, guard, () => { closeDialog = null; }, texts);
      closeDialog = close;
    };
    // The panel's code is fetched only when it is first opened.
    const showPanel = () => {
      if (closePanel || dead) return Promise.resolve();
      closePanel = () => {};
      return import(panelUrl).then((m) => {
        closePanel = m.showPanel(api, texts, showDialog, () => { closePanel = null; });
      }, (e) => { closePanel = null; throw e; });
    };
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
      showConsentDialog() { guard(() => showDialog()); },
      showPanel() { return dead ? Promise.reject(dead) : guard(() => showPanel()); },
      sentLog() { return guard(() => h.sentLog()); },
      forget() { return dead ? Promise.reject(dead) : guard(() => h.forget()).then((v) => { guard(() => h.forgetLocal()); return v; }); },
      stop() {
        if (closeDialog) closeDialog();
        if (closePanel) closePanel();
        if (launcher) launcher.remove();
        if (!dead) guard(() => h.stop());
      },
    });
    if (guard(() => h.panel)) {
      // A small launcher in its own shadow root; the panel itself loads on first use.
      launcher = document.createElement('div');
      launcher.setAttribute('data-ac-private', '');
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
    if (guard(() => h.shouldAsk)) showDialog();
    return api;
  };
  return Object.freeze({
    version: '__VERSION__',
    init(options) {
      if (dead) return Promise.reject(dead);
      return load().then(() => guard(() => raw().init(options))).then(facade);
    },
    activeListeners() {
      return dead ? 0 : guard(() => raw().activeListeners());
    },
  });
}
