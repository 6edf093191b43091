// The ES-module variant of the demo: the same SDK imported as a module (no inline script, so a
// strict Content-Security-Policy holds).
import { ActivityCapture } from '/pkg/activity-capture.mjs';

const status = document.getElementById('sdk-status');
window.acReady = ActivityCapture.init({
  endpoint: 'http://127.0.0.1:8787',
  app: 'ticket-desk',
  ingestKey: 'ik_demo_ticket_desk',
  wasmUrl: 'http://127.0.0.1:8787/sdk/activity_capture_bg.wasm',
  purposes: { navigation: 'Which screens people move between.' },
}).then(
  (h) => { status.textContent = 'running ' + h.app; return h; },
  (e) => { status.textContent = 'not started: ' + e.message; throw e; },
);
