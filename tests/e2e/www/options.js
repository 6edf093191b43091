// Shared by the e2e fixture pages (served by the demo collector under its strict CSP, so every
// script is a file of its own).
window.fixtureOptions = (extra) => Object.assign({
  endpoint: 'http://127.0.0.1:8787',
  app: 'ticket-desk',
  ingestKey: 'ik_demo_ticket_desk',
  wasmUrl: 'http://127.0.0.1:8787/sdk/activity_capture_bg.wasm',
  dialog: false,
  purposes: {
    interaction: 'Which screens are slow to work through.',
    navigation: 'Which screens people move between.',
  },
}, extra);
