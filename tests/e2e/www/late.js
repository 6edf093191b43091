// Adds the SDK's script long after the page has loaded.
window.addEventListener('load', () => setTimeout(() => {
  const s = document.createElement('script');
  s.src = '/pkg/activity-capture.js';
  document.head.append(s);
}, 100));
