// activity-capture loading snippet. Lets the page call the API before the SDK has loaded: the
// calls are queued and replayed in order once it is ready, and each returns a promise settled
// then. Use it as a file (works under a strict CSP):
//   <script src="/sdk/activity-capture-snippet.js" data-sdk="/sdk/activity-capture.js"></script>
// or paste it into an inline <script data-sdk="..."> where the page's CSP allows inline scripts.
// With `data-sdk` it also adds the SDK's script tag (async); without, the page adds it itself.
// With `data-sdk`, if the SDK's script cannot be loaded, that is reported once on the console
// and every queued call rejects (quietly) with an ActivityCaptureLoadError; the page carries on.
// Without it the snippet cannot see the page's own script tag fail: queued calls then stay
// pending (use `data-sdk` to get the failure).
(function (w, d, me) {
  'use strict';
  if (w.ActivityCapture) return;
  var q = [];
  var failed = null;
  var stub = { q: q };
  ['init', 'setConsent', 'pause', 'resume', 'flush', 'showConsentDialog', 'showPanel', 'exportMine', 'forget', 'stop'].forEach(function (m) {
    stub[m] = function () {
      var args = Array.prototype.slice.call(arguments);
      // A page that kept this stub after the SDK took over reaches the SDK through it.
      var real = w.ActivityCapture;
      if (real !== stub && real && typeof real[m] === 'function') return real[m].apply(real, args);
      var entry;
      var p = new Promise(function (ok, no) { entry = [m, args, ok, no]; });
      entry.push(p);
      if (failed) {
        p.catch(function () {});
        entry[3](failed);
      } else {
        q.push(entry);
      }
      return p;
    };
  });
  w.ActivityCapture = stub;
  var src = me && me.getAttribute('data-sdk');
  if (!src) return;
  var s = d.createElement('script');
  s.async = true;
  s.src = src;
  s.onerror = function () {
    if (w.ActivityCapture !== stub) return;
    failed = new Error('activity-capture: could not load ' + s.src + '; the page continues without it');
    failed.name = 'ActivityCaptureLoadError';
    console.warn(failed.message);
    q.splice(0).forEach(function (entry) {
      entry[4].catch(function () {});
      entry[3](failed);
    });
  };
  (d.head || d.documentElement).appendChild(s);
})(window, document, document.currentScript);
