// End to end under the strict Content-Security-Policy internal tools use, in Chromium and
// Firefox: the demo serves every page with exactly `default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval'; connect-src <collector>` (the pages load the .wasm from the collector's
// /sdk/ with `wasmUrl`): the SDK loads (classic script and ES module), its lazily loaded dialog
// styles itself, it captures and delivers, and the browser reports no violation.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launchBrowser, BROWSERS, APP, COLLECTOR, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

let demo;
let browser;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

async function watchedPage() {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const console = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text()); });
  return { page, console };
}

test('the demo is served with the strict policy', async () => {
  const r = await fetch(`${APP}/`);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.ok(csp.includes(`connect-src ${COLLECTOR};`), csp);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|blob:/);
});

for (const name of BROWSERS) {
  test(`${name}: start`, async () => {
    await browser?.close();
    browser = await launchBrowser(name);
  });

  test(`${name}: classic script: loads, asks, captures and delivers with no violation`, async () => {
    const { page, console } = await watchedPage();
    await page.goto(`${APP}/`);
    await page.waitForSelector('[role="dialog"]');
    // The dialog's constructable stylesheet applied: its buttons are styled, not default.
    const border = await page.evaluate(() => {
      const host = [...document.body.children].find((e) => e.shadowRoot);
      return getComputedStyle(host.shadowRoot.querySelector('button')).borderTopWidth;
    });
    assert.equal(border, '2px', 'the dialog styles itself under the policy');
    await page.getByRole('button', { name: 'Allow all' }).click();
    await page.click('a[href="/tickets/new"]');
    await page.click('textarea[name=notes]');
    await page.keyboard.type('under a strict policy');
    const answered = page.waitForResponse((r) => r.url() === `${COLLECTOR}/v1/summaries`);
    await page.evaluate(() => window.acReady.then((h) => h.flush()));
    assert.equal((await answered).status(), 200);
    const rows = await page.evaluate(() => window.acReady.then((h) => h.exportMine()).then((r) => r.rows.length));
    assert.ok(rows > 0);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(console, []);
  });

  test(`${name}: ES module: loads with no violation`, async () => {
    const { page, console } = await watchedPage();
    await page.goto(`${APP}/esm.html`);
    assert.equal(await page.evaluate(() => window.acReady.then((h) => h.app)), 'ticket-desk');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(console, []);
  });
}
