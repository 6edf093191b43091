// End to end, the person's side of consent and transparency in the real demo: nothing is
// attached or sent before consent (listeners counted by wrapping addEventListener before the
// SDK loads), Global Privacy Control holds against the host but yields to a real click in the
// SDK's own dialog, forget() leaves no row reachable with the old secret and nothing of this app
// in localStorage, axe-core finds no violation in the open dialog and panel, and screenshots of
// both (light and dark) are saved under bench/results/screenshots/ for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, APP, COLLECTOR, root } from './harness.mjs';

const SHOTS = join(root, 'bench/results/screenshots');
const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

// Counts listeners the page (and the SDK) attach, per event type, from before any script runs.
const COUNT_LISTENERS = () => {
  window.__listeners = {};
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    window.__listeners[type] = (window.__listeners[type] || 0) + 1;
    return add.call(this, type, ...rest);
  };
};

let demo;
let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemo();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

async function openPage({ gpc = false, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  if (gpc) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await page.addInitScript(COUNT_LISTENERS);
  const requests = [];
  page.on('request', (r) => { if (r.url().startsWith(COLLECTOR)) requests.push(r.url()); });
  await page.goto(`${APP}/`);
  await page.evaluate(() => window.acReady);
  // Under GPC the SDK does not ask by itself; the person opens its dialog.
  if (gpc) await page.evaluate(() => window.acReady.then((ac) => ac.showConsentDialog()));
  await page.waitForSelector('[role="dialog"]');
  return { context, page, requests };
}

const axe = async (page) => {
  await page.evaluate(AXE);
  return page.evaluate(() => window.axe.run({ include: [...document.querySelectorAll('[data-ac-private]')] }, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)));
};

test('before consent nothing is attached for capture and nothing is sent', async () => {
  const { context, page, requests } = await openPage();
  assert.equal(await page.evaluate(() => ActivityCapture.activeListeners()), 0);
  await page.mouse.move(10, 10);
  await page.mouse.move(200, 200);
  await page.keyboard.type('abc');
  const types = await page.evaluate(() => Object.keys(window.__listeners));
  for (const captured of ['pointermove', 'input', 'copy', 'paste', 'scroll', 'visibilitychange', 'pagehide']) {
    assert.ok(!types.includes(captured), `a ${captured} listener exists before consent: ${types}`);
  }
  assert.equal(await page.evaluate(() => window.acReady.then((ac) => ac.pending())), '');
  assert.deepEqual(requests.filter((u) => u.includes('/v1/summaries')), []);
  await context.close();
});

test('GPC: the host cannot grant, a real click in the SDK dialog can', async () => {
  const { context, page } = await openPage({ gpc: true });
  const hostGrant = await page.evaluate(() => window.acReady.then((ac) => {
    try { ac.setConsent({ typing: true }); return 'granted'; } catch (e) { return e.name; }
  }));
  assert.equal(hostGrant, 'ActivityCaptureConsentError');
  assert.equal(await page.evaluate(() => ActivityCapture.activeListeners()), 0);
  await page.getByRole('button', { name: 'Allow all' }).click();
  const consent = await page.evaluate(() => window.acReady.then((ac) => ac.consent()));
  assert.equal(consent.typing, 'granted');
  assert.ok(await page.evaluate(() => ActivityCapture.activeListeners()) > 0);
  await context.close();
});

test('dialog and panel: no axe violations, keyboard usable, screenshots light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await openPage({ colorScheme });
    assert.deepEqual(await axe(page), [], 'axe on the open dialog');
    await page.screenshot({ path: join(SHOTS, `dialog-${colorScheme}.png`) });
    // Keyboard only: Tab cycles inside the dialog, Escape closes it and focus comes back.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement?.getAttribute('data-ac-private') === ''), 'focus left the dialog');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[role="dialog"]').count(), 0);
    await page.evaluate(() => window.acReady.then((ac) => ac.setConsent({ interaction: true, typing: true, pointer: true, navigation: true })));
    await page.mouse.click(300, 300);
    await page.evaluate(() => window.acReady.then((ac) => ac.showPanel()));
    await page.waitForSelector('[aria-labelledby="ac-panel-title"]');
    await page.waitForFunction(() => !document.querySelector('[data-ac-private]:last-of-type')?.shadowRoot?.querySelector('[aria-busy="true"]'));
    assert.deepEqual(await axe(page), [], 'axe on the open panel');
    await page.screenshot({ path: join(SHOTS, `panel-${colorScheme}.png`), fullPage: true });
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[aria-labelledby="ac-panel-title"]').count(), 0);
    await context.close();
  }
});

test('forget: the collector holds no row for the old secret and local storage is empty', async () => {
  const { context, page } = await openPage();
  await page.getByRole('button', { name: 'Allow all' }).click();
  await page.mouse.click(300, 300);
  await page.evaluate(() => window.acReady.then((ac) => ac.flush()));
  await page.waitForFunction(() => window.acReady.then((ac) => ac.pendingCount === 0));
  const old = await page.evaluate(() => localStorage.getItem('ac:secret'));
  const app = await page.evaluate(() => window.acReady.then((ac) => ac.app));
  const rowsFor = (secret) => page.evaluate(([u, b]) => fetch(u, { method: 'POST', body: b }).then((r) => r.json()),
    [`${COLLECTOR}/v1/me`, JSON.stringify({ app, secret })]);
  assert.ok((await rowsFor(old)).rows.length > 0, 'rows were stored before forget');
  const answer = await page.evaluate(() => window.acReady.then((ac) => ac.forget()));
  assert.ok(answer.deleted > 0);
  assert.deepEqual((await rowsFor(old)).rows, []);
  const keys = await page.evaluate((a) => Object.keys(localStorage).filter((k) => k.startsWith(`ac:${a}:`)), app);
  assert.deepEqual(keys, []);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('ac:secret')), old);
  assert.equal(await page.evaluate(() => ActivityCapture.activeListeners()), 0);
  await context.close();
});
