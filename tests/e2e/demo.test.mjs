// End to end: the demo command's two origins, the SDK loaded by script tag and as an ES module
// from the collector's origin into the app's origin, and init's refusals as a page sees them.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launchChromium, APP, COLLECTOR, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

let demo;
let browser;
before(async () => {
  demo = await startDemo();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

test('the demo serves the collector and the app on two origins', async () => {
  const health = await fetch(`${COLLECTOR}/healthz`);
  assert.equal(health.status, 200);
  const page = await fetch(`${APP}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /activity-capture\.js/);
  const wasm = await fetch(`${APP}/pkg/activity_capture_bg.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.notEqual(new URL(COLLECTOR).origin, new URL(APP).origin);
});

test('the script tag starts the SDK with good options', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${APP}/`);
  const result = await page.evaluate(() => window.acReady.then((h) => ({ app: h.app, hash: h.policyHash, purposes: h.purposes })));
  assert.equal(result.app, 'ticket-desk');
  assert.match(result.hash, /^[0-9a-f]{16}$/);
  assert.deepEqual(result.purposes, ['interaction', 'typing', 'pointer', 'navigation']);
  assert.match(await page.textContent('#sdk-status'), /running/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the ES module form starts the SDK too', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${APP}/esm.html`);
  const app = await page.evaluate(() => window.acReady.then((h) => h.app));
  assert.equal(app, 'ticket-desk');
  await page.close();
});

test("the header button opens the SDK's own panel; the page keeps no panel of its own", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${APP}/`);
  await page.evaluate(() => window.acReady);
  await page.getByRole('button', { name: 'Refuse all' }).click();
  assert.equal(await page.locator('#panel').count(), 0, 'the demo has no hand-made panel');
  await page.click('#panel-toggle');
  const panel = page.locator('[aria-labelledby="ac-panel-title"]');
  await panel.waitFor();
  assert.match(await panel.textContent(), /About to be sent/);
  await page.keyboard.press('Escape');
  assert.equal(await panel.count(), 0);
  await page.close();
});

test('bad options reject naming the option, leave no listener, and a good init still works', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${APP}/`);
  const outcome = await page.evaluate(async () => {
    const handle = await window.acReady;
    handle.stop();
    const base = { endpoint: 'http://127.0.0.1:8787', app: 'ticket-desk', ingestKey: 'ik_demo_ticket_desk', purposes: { typing: 'Counts of typing' } };
    const cases = [
      [{ ...base, windowMinutes: 0 }, 'windowMinutes'],
      [{ ...base, windowMinutes: '15' }, 'windowMinutes'],
      [{ ...base, sendRawKeys: true }, 'sendRawKeys'],
      [{ ...base, purposes: { keylogger: 'x' } }, 'purposes.keylogger'],
      [{ ...base, endpoint: undefined }, 'endpoint'],
      [{ ...base, app: undefined }, 'app'],
      [{ ...base, ingestKey: undefined }, 'ingestKey'],
      [{ ...base, wasmUrl: 42 }, 'wasmUrl'],
      [{ ...base, wasmUrl: 'javascript:void 0' }, 'wasmUrl'],
    ];
    const results = [];
    for (const [options, option] of cases) {
      try {
        await ActivityCapture.init(options);
        results.push({ option, rejected: false });
      } catch (e) {
        results.push({ option, rejected: true, named: e.option, message: e.message, isError: e instanceof Error, listeners: ActivityCapture.activeListeners() });
      }
    }
    const again = await ActivityCapture.init(base);
    const app = again.app;
    let second;
    try { await ActivityCapture.init(base); } catch (e) { second = e.message; }
    again.stop();
    return { results, app, second };
  });
  for (const r of outcome.results) {
    assert.ok(r.rejected, `${r.option} must be refused`);
    assert.equal(r.named, r.option);
    assert.ok(r.isError);
    assert.ok(r.message.includes('`' + r.option + '`'), r.message);
    assert.equal(r.listeners, 0);
  }
  assert.equal(outcome.app, 'ticket-desk');
  assert.match(outcome.second, /already running/);
  await page.close();
});

test('the collector log holds no cookie, IP address or user agent', async () => {
  const log = demo.log();
  assert.doesNotMatch(log, /HeadlessChrome|Mozilla\/5\.0/);
  assert.doesNotMatch(log, /cookie/i);
  assert.doesNotMatch(log, /127\.0\.0\.1:\d{5}/, 'no client address (ephemeral port) is logged');
});
