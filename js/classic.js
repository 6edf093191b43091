// activity-capture, classic script build: `<script src=".../activity-capture.js"></script>`
// defines the global `ActivityCapture`. The wasm file is loaded from beside this script. If the
// loading snippet (activity-capture-snippet.js) ran first, the calls it queued are replayed.
(function () {
  'use strict';
  if (typeof window === 'undefined') return;
  const stub = window.ActivityCapture;
  if (stub && !Array.isArray(stub.q)) return;
  const here = document.currentScript && document.currentScript.src;
  const wasmUrl = new URL('activity_capture_bg.wasm', here || location.href);
/*__GLUE__*/
/*__FACADE__*/
  let loading = null;
  // One load at a time; a failed one may be tried again by a later init.
  const load = (url) => (loading = loading || wasm_bindgen({ module_or_path: url ? new URL(url, location.href) : wasmUrl })
    .catch((e) => { loading = null; throw e; }));
  const api = makeActivityCapture(load, () => wasm_bindgen, (ui) => import(new URL('activity-capture-' + ui + '.mjs', wasmUrl).href));
  window.ActivityCapture = api;
  // Takes over from the loading snippet: replays the calls it queued, in order, settling the
  // promises it handed out (a load failure quietly).
  for (const [m, args, ok, no, handed] of stub ? stub.q.splice(0) : []) {
    const p = typeof api[m] === 'function' ? api[m](...args) : Promise.reject(new TypeError('activity-capture: no method ' + m));
    p.then(ok, (e) => {
      if (e && e.name === 'ActivityCaptureLoadError' && handed) handed.catch(() => {});
      no(e);
    });
  }
})();
