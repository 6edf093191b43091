// The public JS API, shared by the classic script and the ES module builds (scripts/build.sh
// inlines this file into both). It owns the façade objects hosts see, and it stops calling into
// the wasm instance for good once that instance has trapped (a Rust panic aborts): a broken SDK
// must never break the page around it.
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
  const facade = (h) =>
    Object.freeze({
      get app() { return guard(() => h.app); },
      get policyHash() { return guard(() => h.policyHash); },
      get purposes() { return guard(() => h.purposes); },
      get stopped() { return dead ? true : guard(() => h.stopped); },
      stop() { if (!dead) guard(() => h.stop()); },
    });
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
