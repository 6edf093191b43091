// A host app that imports the SDK as a package, the way bundled internal tools do.
import { ActivityCapture } from 'activity-capture';

const status = document.getElementById('sdk-status');
window.acReady = ActivityCapture.init({
  endpoint: 'http://127.0.0.1:8787',
  app: 'ticket-desk',
  ingestKey: 'ik_demo_ticket_desk',
  purposes: { interaction: 'Which buttons of the bundled app are used.' },
  dialog: false,
}).then((h) => {
  status.textContent = 'running';
  return h;
});
