// The benchmark fixture's script: builds the page, loads (a) nothing, (b) the floor module or
// (c) the SDK with every purpose granted, and exposes the standard workload.
(function () {
  'use strict';
  const mode = new URLSearchParams(location.search).get('mode') || 'none';
  const rows = document.getElementById('rows');
  for (let i = 0; i < 50; i++) {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td>#${1000 + i}</td><td title="Person ${i}">P. ${i}</td><td><button type="button" data-ac-label="Assign">Assign</button></td>`;
    rows.append(tr);
  }
  document.getElementById('form').addEventListener('submit', (e) => e.preventDefault());

  const load = (src) => new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = ok;
    s.onerror = () => fail(new Error('failed to load ' + src));
    document.head.append(s);
  });

  window.benchReady = (async () => {
    const t0 = performance.now();
    if (mode === 'floor') {
      await load('/floor/activity_capture_floor.js');
      await wasm_bindgen({ module_or_path: '/floor/activity_capture_floor_bg.wasm' });
      wasm_bindgen.start();
    } else if (mode === 'sdk') {
      await load('/pkg/activity-capture.js');
      const h = await ActivityCapture.init({
        endpoint: location.origin, app: 'bench', ingestKey: 'ik_bench_0000',
        purposes: { interaction: 'i', typing: 't', pointer: 'p', navigation: 'n' },
        dialog: false, acceptUntrusted: true,
      });
      const initMs = performance.now() - t0;
      h.setConsent({ interaction: true, typing: true, pointer: true, navigation: true });
      window.sdk = h;
      return initMs;
    }
    return performance.now() - t0;
  })();

  const buttons = () => [...document.querySelectorAll('button')];
  const field = () => document.getElementById('field');
  const area = () => document.getElementById('area');

  // Each workload returns { ms, worst }: total time and the slowest single dispatch (µs).
  function timed(n, step) {
    let worst = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      step(i);
      const d = performance.now() - a;
      if (d > worst) worst = d;
    }
    return { ms: performance.now() - t0, worst: worst * 1000 };
  }
  window.workload = {
    clicks(n) {
      const b = buttons();
      return timed(n, (i) => b[i % b.length].dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    },
    keys(n) {
      const targets = [field(), area()];
      return timed(n, (i) => {
        const t = targets[i & 1];
        const key = String.fromCharCode(97 + (i % 26));
        t.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        t.dispatchEvent(new KeyboardEvent('keypress', { key, bubbles: true, cancelable: true }));
        t.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: key, bubbles: true }));
        t.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
      });
    },
    pointer(n) {
      return timed(n, (i) => document.body.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, movementX: 3, movementY: i & 3, clientX: i % 800, clientY: 100 })));
    },
    scrolls(n) {
      return timed(n, () => window.dispatchEvent(new Event('scroll')));
    },
    focus(n) {
      const f = field();
      const a = area();
      return timed(n, () => { f.focus(); a.focus(); f.blur(); a.blur(); });
    },
    hide() {
      const a = performance.now();
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      return { ms: performance.now() - a, worst: 0 };
    },
  };
})();
