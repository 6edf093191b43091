// The public JS API, shared by the classic script and the ES module builds (scripts/build.sh
// inlines this file and dialog.js into both). It owns the façade objects hosts see, and it
// stops calling into the wasm instance for good once that instance has trapped (a Rust panic
// aborts): a broken SDK must never break the page around it.
function makeActivityCapture(load, raw) {
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
    const showDialog = () => {
      if (closeDialog || dead) return;
      const close = showConsentDialog(h, guard, () => { closeDialog = null; });
      closeDialog = close;
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
      stop() {
        if (closeDialog) closeDialog();
        if (!dead) guard(() => h.stop());
      },
    });
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
