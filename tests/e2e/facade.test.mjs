// The façade (js/facade.js) with the classifier's JS half (js/sense.js), run in Node against a
// stand-in for the wasm: what a trap of the wasm inside one of the SDK's listeners does to the
// page and to the API. No browser: the two files are evaluated as the builds inline them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const root = new URL('../../', import.meta.url);
const source = (path) => readFileSync(new URL(path, root), 'utf8');

function load() {
  const warnings = [];
  const context = vm.createContext({ console: { warn: (m) => warnings.push(String(m)) }, WebAssembly });
  vm.runInContext(source('js/sense.js').replace(/^export function makeSense/m, 'function makeSense'), context);
  vm.runInContext(source('js/facade.js'), context);
  const wasm = { sense: null, flushed: 0 };
  const handle = {
    panel: false,
    shouldAsk: false,
    flush() { wasm.flushed += 1; },
    stop() {},
  };
  const raw = () => ({
    useSense(sense) { wasm.sense = sense; },
    init() { return handle; },
    activeListeners() { return 3; },
  });
  const api = context.makeActivityCapture(() => Promise.resolve(), raw, () => Promise.reject(new Error('no UI here')));
  return { api, wasm, warnings };
}

test('a trap inside a listener stops the SDK once, quietly for the page, and the API says so', async () => {
  const { api, wasm, warnings } = load();
  const h = await api.init({});
  h.flush();
  assert.equal(wasm.flushed, 1);
  let calls = 0;
  const trapping = wasm.sense.listener(0, () => { calls += 1; throw new WebAssembly.RuntimeError('unreachable'); }, true, 0);
  const event = { isTrusted: true, persisted: false };
  for (let i = 0; i < 3; i++) trapping(event); // never throws into the page's event dispatch
  assert.equal(calls, 1, 'the wasm is called no more after its trap');
  assert.equal(warnings.length, 1, 'reported once on the console');
  assert.match(warnings[0], /stopped after an internal error; the page is unaffected/);
  assert.throws(() => h.flush(), { name: 'ActivityCaptureStateError' });
  assert.equal(wasm.flushed, 1, 'the wasm is not called by the API either');
  await assert.rejects(api.init({}), { name: 'ActivityCaptureStateError' });
  assert.equal(api.activeListeners(), 0);
  assert.equal(h.stopped, true);
  trapping(event);
  assert.equal(warnings.length, 1);
});

test('an error from the wasm that is not a trap reaches the page and stops nothing', async () => {
  const { api, wasm, warnings } = load();
  const h = await api.init({});
  const failing = wasm.sense.listener(0, () => { throw new TypeError('not a trap'); }, true, 0);
  assert.throws(() => failing({ isTrusted: true }), TypeError);
  h.flush();
  assert.equal(wasm.flushed, 1);
  assert.equal(warnings.length, 0);
});
