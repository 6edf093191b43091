// Loading, in Chromium and Firefox: with the loading snippet the page calls the API before the
// SDK has loaded and the calls are replayed in order once it is ready, whether the SDK's script
// is added async, deferred, or long after the page loaded (and without the snippet when the
// script comes first). A failed load (the script missing, the .wasm missing, WebAssembly refused
// by the page's CSP) never breaks the page: it is reported once on the console, every call
// rejects with an ActivityCaptureLoadError, and nothing else surfaces as an error.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, rewriteCsp, BROWSERS, APP, COLLECTOR, root, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let demo;
before(async () => {
  demo = await startDemo({ www: join(root, 'tests/e2e/www') });
});
after(async () => {
  await demo?.stop();
});

/** A page in a fresh context, with everything the page reports collected. */
async function open(browser, setUp = async () => {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = { ours: [], errors: [] };
  page.on('console', (m) => { if (m.text().includes('activity-capture')) seen.ours.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await setUp(page);
  return { page, seen, close: () => context.close() };
}

// scripts/build.sh adds V8's explicit compile hint after terser, which drops comments: V8 reads
// it only as a file's first line. The files `init` runs have it (bench/perf/init-trace.mjs
// measures what it saves).
test(`the classic script and the ES module's two files begin with V8's compile hint`, () => {
  for (const f of ['activity-capture.js', 'activity-capture.mjs', 'activity-capture.glue.mjs']) {
    const first = readFileSync(join(root, 'pkg', f), 'utf8').split('\n', 1)[0];
    assert.equal(first, '//# allFunctionsCalledOnLoad', f);
  }
});

const ALL_OK = ['init:ok', 'setConsent:ok', 'pause:ok', 'resume:ok'];
const ALL_FAILED = ['init', 'setConsent', 'pause', 'resume'].map((m) => `${m}:ActivityCaptureLoadError`);

for (const name of BROWSERS) {
  let browser;
  test(`${name}: start`, async () => {
    browser = await launchBrowser(name);
  });

  for (const [file, queued] of [
    ['loading-async.html', true],
    ['loading-defer.html', true],
    ['loading-late.html', true],
    ['loading-sync.html', false],
  ]) {
    test(`${name}: ${file}: calls made ${queued ? 'before the SDK loaded are replayed' : 'at once run'} in order, and it captures`, async () => {
      const { page, seen, close } = await open(browser, async (p) => {
        // Hold the SDK's script back, so the calls surely come first.
        await p.route('**/pkg/activity-capture.js', async (r) => { await sleep(300); await r.continue(); });
      });
      await page.goto(`${APP}/${file}`);
      assert.deepEqual(await page.evaluate(() => window.acDone), ALL_OK);
      assert.equal(await page.evaluate(() => window.__stubAtCall), queued);
      assert.equal(await page.evaluate(() => typeof window.ActivityCapture.version), 'string', 'the real API took over');
      await page.click('#host-button');
      assert.equal(await page.textContent('#out'), '1');
      const body = await page.evaluate(() => window.acReady.then((h) => h.pending()));
      assert.match(body, /"label":"Host button","clicks":1/);
      const answered = page.waitForResponse((r) => r.url() === `${COLLECTOR}/v1/summaries`);
      await page.evaluate(() => ActivityCapture.flush());
      assert.equal((await answered).status(), 200);
      // A call on the global after init goes to the same instance.
      assert.equal(await page.evaluate(() => ActivityCapture.stop().then(() => ActivityCapture.activeListeners())), 0);
      assert.deepEqual(seen.errors, []);
      assert.deepEqual(seen.ours, []);
      await close();
    });
  }

  test(`${name}: calls on the global before init reject, naming the call; after stop they do nothing`, async () => {
    const { page, seen, close } = await open(browser);
    await page.goto(`${APP}/bare.html`);
    const early = await page.evaluate(() => ActivityCapture.pause().then(() => null, (e) => [e.name, e.message]));
    assert.deepEqual(early, ['ActivityCaptureStateError', 'activity-capture: pause() was called before init()']);
    const later = await page.evaluate(() => ActivityCapture.init({
      endpoint: 'http://127.0.0.1:8787', app: 'ticket-desk', ingestKey: 'ik_demo_ticket_desk', dialog: false, purposes: { interaction: 'x' },
      wasmUrl: 'http://127.0.0.1:8787/sdk/activity_capture_bg.wasm',
    }).then(() => ActivityCapture.stop()).then(() => ActivityCapture.flush()).then(() => 'resolved', (e) => e.message));
    assert.equal(later, 'resolved', 'after stop the handle is stopped and flush does nothing');
    // A refused second init leaves the global's calls with the instance that runs.
    const afterRefusal = await page.evaluate(async () => {
      const options = { endpoint: 'http://127.0.0.1:8787', app: 'ticket-desk', ingestKey: 'ik_demo_ticket_desk', dialog: false, purposes: { interaction: 'x' }, wasmUrl: 'http://127.0.0.1:8787/sdk/activity_capture_bg.wasm' };
      const h = await ActivityCapture.init(options);
      const second = await ActivityCapture.init(options).then(() => 'resolved', (e) => e.name);
      await ActivityCapture.pause();
      const paused = h.paused;
      const badUrl = await ActivityCapture.init({ ...options, wasmUrl: 'data:application/wasm;base64,AA' }).then(() => 'resolved', (e) => `${e.name} ${e.option}`);
      await ActivityCapture.stop();
      return [second, paused, badUrl, h.stopped];
    });
    assert.deepEqual(afterRefusal, ['ActivityCaptureStateError', true, 'ActivityCaptureOptionError wasmUrl', true]);
    assert.deepEqual(seen.errors, []);
    await close();
  });

  const failures = [
    ['the SDK script is missing', 'loading-missing.html', async () => {}],
    ['the .wasm is missing', 'loading-async.html', (p) => p.route('**/activity_capture_bg.wasm', (r) => r.fulfill({ status: 404, body: 'not found' }))],
    ['the CSP refuses WebAssembly', 'loading-async.html', (p) => rewriteCsp(p, '**/loading-async.html', (csp) => {
      assert.match(csp, /'wasm-unsafe-eval'/);
      return csp.replace(" 'wasm-unsafe-eval'", '');
    })],
  ];
  for (const [what, file, setUp] of failures) {
    test(`${name}: when ${what}, the page carries on and it is reported once`, async () => {
      const { page, seen, close } = await open(browser, setUp);
      await page.goto(`${APP}/${file}`);
      assert.deepEqual(await page.evaluate(() => window.acDone), ALL_FAILED);
      // Later calls fail the same way, quietly.
      assert.equal(await page.evaluate(() => ActivityCapture.init(window.fixtureOptions()).then(() => 'resolved', (e) => e.name)), 'ActivityCaptureLoadError');
      await page.click('#host-button');
      assert.equal(await page.textContent('#out'), '1', 'the host page still works');
      await sleep(200);
      assert.equal(seen.ours.length, 1, `reported once: ${JSON.stringify(seen.ours)}`);
      assert.match(seen.ours[0], /^warning: activity-capture: could not load/);
      // Firefox reports the page's own CSP refusal as a page error; that report is the browser's.
      const errors = seen.errors.filter((e) => !/^Content-Security-Policy: /.test(e));
      assert.deepEqual(errors, [], 'no uncaught error or unhandled rejection');
      await close();
    });
  }

  test(`${name}: stop`, async () => {
    await browser?.close();
  });
}
