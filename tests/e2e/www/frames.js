// The parent starts the SDK, then adds a same-origin frame that loads the SDK itself (and so
// shares the person's stored answer) and a cross-origin frame that does not.
window.acReady = ActivityCapture.init(window.fixtureOptions()).then((h) => {
  h.setConsent({ interaction: true, navigation: true });
  for (const [src, title] of [['/frame-child.html', 'Same-origin tool'], ['http://localhost:8788/frame-plain.html', 'Other origin']]) {
    const f = document.createElement('iframe');
    f.src = src;
    f.title = title;
    document.body.append(f);
  }
  return h;
});
