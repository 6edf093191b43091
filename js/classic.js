// activity-capture, classic script build: `<script src=".../activity-capture.js"></script>`
// defines the global `ActivityCapture`. The wasm file is loaded from beside this script.
(function () {
  'use strict';
  if (typeof window === 'undefined' || window.ActivityCapture) return;
  const here = document.currentScript && document.currentScript.src;
  const wasmUrl = new URL('activity_capture_bg.wasm', here || location.href);
/*__GLUE__*/
/*__FACADE__*/
  let loading = null;
  const load = () => (loading = loading || wasm_bindgen({ module_or_path: wasmUrl }));
  window.ActivityCapture = makeActivityCapture(load, () => wasm_bindgen, new URL('activity-capture-panel.mjs', wasmUrl).href);
})();
