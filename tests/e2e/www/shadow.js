// A web component with a labelled button, an unlabelled status, a private region, a password
// field and a plain field inside its shadow root (open or closed, by its `mode` attribute).
customElements.define('ticket-actions', class extends HTMLElement {
  connectedCallback() {
    if (this.done) return;
    this.done = true;
    const root = this.attachShadow({ mode: this.getAttribute('mode') });
    root.innerHTML = `
      <button type="button" class="close" data-ac-label="Close ticket">Close</button>
      <span class="plain">Status: open</span>
      <div data-ac-private><button type="button" class="secret" data-ac-label="Reveal token">Reveal</button></div>
      <input type="password" class="pw" aria-label="Password">
      <input class="note" aria-label="Note">`;
  }
});
window.acReady = ActivityCapture.init(window.fixtureOptions({
  purposes: { interaction: 'Clicks per screen.', typing: 'How much typing forms need.' },
})).then((h) => {
  h.setConsent({ interaction: true, typing: true });
  return h;
});
