// Calls the API at once, whether or not the SDK has loaded yet (the loading snippet queues the
// calls), and records the order in which they settle. A host button keeps working regardless.
window.__stubAtCall = Array.isArray(window.ActivityCapture && window.ActivityCapture.q);
window.__log = [];
const note = (name, p) => p.then(
  (v) => { window.__log.push(name + ':ok'); return v; },
  (e) => { window.__log.push(name + ':' + e.name); },
);
window.acReady = ActivityCapture.init(window.fixtureOptions());
window.acDone = Promise.all([
  note('init', window.acReady),
  note('setConsent', ActivityCapture.setConsent({ interaction: true, navigation: true })),
  note('pause', ActivityCapture.pause()),
  note('resume', ActivityCapture.resume()),
]).then(() => window.__log);
document.addEventListener('DOMContentLoaded', () => {
  const out = document.getElementById('out');
  document.getElementById('host-button').addEventListener('click', () => {
    out.textContent = String(Number(out.textContent) + 1);
  });
});
