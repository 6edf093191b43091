// End to end, the person's side of consent and transparency in the real demo: nothing is
// attached or sent before consent (listeners counted by wrapping addEventListener before the
// SDK loads), Global Privacy Control holds against the host but yields to a real click in the
// SDK's own dialog, forget() leaves no row reachable with the old secret and nothing of this app
// in localStorage, axe-core finds no violation in the open dialog and panel, light, dark and at
// 200 % zoom, where every control stays reachable; keyboard only, focus stays inside the open
// dialog and panel and returns to where it was; screenshots of both are saved under
// bench/results/screenshots/ for a person to look at.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, APP, COLLECTOR, root, clearOfWindowEnd, untilSent } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

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

// 200 % zoom of a 1280 × 720 screen: the page lays out in 640 × 360 CSS pixels.
const ZOOM_200 = { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 };

async function openPage({ gpc = false, colorScheme = 'light', zoom = false } = {}) {
  const context = await browser.newContext({ colorScheme, ...(zoom ? ZOOM_200 : {}) });
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

// The open dialog or panel (by its heading's id): its controls, whether each can be brought into
// view and hit at its centre (nothing covers it, nothing is cut off sideways), and whether the
// box overflows sideways.
const reachable = (page, labelledBy) => page.evaluate((id) => {
  const host = [...document.querySelectorAll('[data-ac-private]')].find((h) => h.shadowRoot?.querySelector(`[aria-labelledby="${id}"]`));
  const root = host.shadowRoot;
  const box = root.querySelector(`[aria-labelledby="${id}"]`);
  const problems = [];
  if (box.scrollWidth > box.clientWidth + 1) problems.push(`the box overflows sideways (${box.scrollWidth} > ${box.clientWidth})`);
  const controls = [...root.querySelectorAll('button, input, summary')];
  for (const c of controls) {
    c.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = c.getBoundingClientRect();
    const name = c.textContent || c.name;
    if (r.left < 0 || r.right > innerWidth + 1) problems.push(`${name} is cut off sideways (${r.left}..${r.right} of ${innerWidth})`);
    const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !(hit === c || c.contains(hit))) problems.push(`${name} cannot be reached at its centre`);
  }
  box.scrollTop = 0;
  return { problems, controls: controls.length };
}, labelledBy);

// Screenshots for a person to look at: the view as it is, and the whole box (a tall viewport).
const shoot = async (page, name) => {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const size = page.viewportSize();
  await page.setViewportSize({ width: size.width, height: 2400 });
  await page.screenshot({ path: join(SHOTS, `${name}-whole.png`) });
  await page.setViewportSize(size);
};

const panelReady = async (page) => {
  await page.waitForSelector('[aria-labelledby="ac-panel-title"]');
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-ac-private]')].some((h) => h.shadowRoot?.querySelector('[aria-busy="true"]')));
};

for (const [name, settings] of [
  ['light', { colorScheme: 'light' }],
  ['dark', { colorScheme: 'dark' }],
  ['zoom200-light', { colorScheme: 'light', zoom: true }],
  ['zoom200-dark', { colorScheme: 'dark', zoom: true }],
]) {
  test(`dialog and panel (${name}): no axe violations, every control reachable, no sideways overflow, screenshots`, async () => {
    const { context, page } = await openPage(settings);
    assert.deepEqual(await axe(page), [], 'axe on the open dialog');
    const dialog = await reachable(page, 'ac-title');
    assert.deepEqual(dialog.problems, []);
    assert.equal(dialog.controls, 7, 'four purposes and three answers');
    await shoot(page, `dialog-${name}`);
    await page.getByRole('button', { name: 'Allow all' }).click();
    // Something sent and held, and something pending, so every section of the panel shows rows.
    await page.mouse.click(300, 300);
    await page.mouse.move(100, 100, { steps: 5 });
    await page.evaluate(() => window.acReady.then((ac) => ac.flush()));
    await untilSent(page);
    await page.mouse.click(300, 300);
    await page.evaluate(() => window.acReady.then((ac) => ac.showPanel()));
    await panelReady(page);
    assert.deepEqual(await axe(page), [], 'axe on the open panel');
    const panel = await reachable(page, 'ac-panel-title');
    assert.deepEqual(panel.problems, []);
    await shoot(page, `panel-${name}`);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[aria-labelledby="ac-panel-title"]').count(), 0);
    await context.close();
  });
}

// Which control of an open SDK dialog or panel has focus: `text` of a button or summary, `name`
// of a checkbox; `outside` when focus is not inside one.
const focused = (page) => page.evaluate(() => {
  const host = document.activeElement;
  if (!host || host.getAttribute('data-ac-private') !== '' || !host.shadowRoot) return `outside: ${host?.id || host?.tagName}`;
  const e = host.shadowRoot.activeElement;
  return e ? (e.name || e.textContent) : 'outside: no control';
});

test('keyboard only: focus stays inside the open dialog and panel, cycles both ways, and returns where it was', async () => {
  const { context, page } = await openPage();
  // The dialog opened by itself: focus is on its first control, and Tab cycles through the
  // four purposes and three answers, never leaving it, both ways.
  const cycle = async (key, n) => {
    const seen = [];
    for (let i = 0; i < n; i++) {
      await page.keyboard.press(key);
      seen.push(await focused(page));
    }
    return seen;
  };
  assert.equal(await focused(page), 'interaction');
  assert.equal(await page.locator('#ac-title').textContent(), 'This tool would like to measure how it is used');
  const forward = await cycle('Tab', 7);
  assert.deepEqual(forward, ['typing', 'pointer', 'navigation', 'Refuse all', 'Allow selected', 'Allow all', 'interaction']);
  const backward = await cycle('Shift+Tab', 7);
  assert.deepEqual(backward, ['Allow all', 'Allow selected', 'Refuse all', 'navigation', 'pointer', 'typing', 'interaction']);
  // Allow one purpose with Space, confirm with Enter.
  await page.keyboard.press('Space');
  await cycle('Tab', 5);
  assert.equal(await focused(page), 'Allow selected');
  await page.keyboard.press('Enter');
  assert.deepEqual(await page.evaluate(() => window.acReady.then((ac) => ac.consent())),
    { interaction: 'granted', typing: 'denied', pointer: 'denied', navigation: 'denied' });
  // To the page's "What is sent about me?" button with Tab, and open the panel with Enter.
  for (let i = 0; i < 12 && (await focused(page)) !== 'outside: panel-toggle'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'outside: panel-toggle');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-ac-private]')].some((h) => h.shadowRoot?.querySelector('[aria-busy="true"]'))
    && [...document.querySelectorAll('[data-ac-private]')].some((h) => h.shadowRoot?.querySelector('[aria-labelledby="ac-panel-title"]')));
  const controls = await page.evaluate(() => [...document.querySelectorAll('[data-ac-private]')]
    .map((h) => h.shadowRoot?.querySelector('[aria-labelledby="ac-panel-title"]')).find(Boolean)
    .querySelectorAll('button, summary').length);
  assert.equal(await focused(page), 'Close');
  const around = await cycle('Tab', controls);
  assert.ok(around.every((f) => !f.startsWith('outside')), `focus left the panel: ${around}`);
  assert.equal(around.at(-1), 'Close', 'Tab wraps around');
  assert.equal(new Set(around).size, controls, 'each control once per round');
  const back = await cycle('Shift+Tab', controls);
  assert.deepEqual(back, [...around].reverse().slice(1).concat('Close'), 'Shift+Tab goes the same way back');
  // Escape closes the panel and focus is back on the button that opened it.
  await page.keyboard.press('Escape');
  assert.equal(await focused(page), 'outside: panel-toggle');
  // From the panel to the dialog ("Change what I allow"): it says so, shows the current choices, and
  // when it closes focus returns to the same button.
  await page.keyboard.press('Enter');
  await page.waitForSelector('[aria-labelledby="ac-panel-title"]');
  for (let i = 0; i < controls && (await focused(page)) !== 'Change what I allow'; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[aria-labelledby="ac-title"]');
  assert.equal(await focused(page), 'interaction');
  assert.equal(await page.locator('#ac-title').textContent(), 'Change what this tool may measure', 'it says it is a change');
  assert.ok(await page.getByRole('checkbox', { name: /slow to work through/ }).isChecked());
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[aria-labelledby="ac-title"]').count(), 0);
  assert.equal(await focused(page), 'outside: panel-toggle');
  await context.close();
});

// The open panel's shadow root, for reading what it says.
const panelText = (page) => page.evaluate(() => [...document.querySelectorAll('[data-ac-private]')]
  .map((h) => h.shadowRoot?.querySelector('[aria-labelledby="ac-panel-title"]')).find(Boolean).innerText);

test('panel: plain words first, the window length, zero rows said clearly, every word replaceable through texts', async () => {
  const { context, page } = await openPage();
  // Nothing allowed: the panel says so, and says that each section is empty.
  await page.getByRole('button', { name: 'Refuse all' }).click();
  await page.evaluate(() => window.acReady.then((ac) => ac.showPanel()));
  await panelReady(page);
  let text = await panelText(page);
  for (const words of ['Nothing is measured: you have not allowed anything.', 'Nothing is waiting to be sent.',
    'Nothing was sent from this device in the last 7 days.', 'The collector holds nothing about you.']) {
    assert.ok(text.includes(words), `the empty panel says "${words}": ${text}`);
  }
  await page.keyboard.press('Escape');
  // A translation: words replaced through texts, {marks} filled in.
  await page.evaluate(() => window.acReady.then((h) => {
    h.stop();
    window.acReady = ActivityCapture.init({
      endpoint: 'http://127.0.0.1:8787', app: 'ticket-desk', ingestKey: 'ik_demo_ticket_desk', dialog: false,
      purposes: { interaction: 'Quels écrans sont lents' },
      texts: { next: 'Sur le point de partir', interaction: 'Clics et défilement', clicks: 'Clics', zeros: 'Aussi envoyés, à 0 : {fields}',
        window: 'Écran {route}, de {start} à {end} (fenêtre de {minutes} minutes)', statusOn: 'Mesure en cours : {purposes}.' },
    });
    return window.acReady;
  }).then((h) => { h.setConsent({ interaction: true }); }));
  await page.click('h1');
  await page.click('h1');
  await page.evaluate(() => window.acReady.then((ac) => ac.showPanel()));
  await panelReady(page);
  text = await panelText(page);
  for (const words of ['Mesure en cours : Clics et défilement.', 'Sur le point de partir', 'Clics et défilement', 'Aussi envoyés, à 0 : ']) {
    assert.ok(text.includes(words), `the translated panel says "${words}": ${text}`);
  }
  assert.match(text, /Écran \/, de \S+.* à \S+.* \(fenêtre de 15 minutes\)/, 'the window and its length');
  // The first row of the table: the plain words lead, the wire name and purpose follow.
  const first = await page.evaluate(() => {
    const box = [...document.querySelectorAll('[data-ac-private]')].map((h) => h.shadowRoot?.querySelector('[aria-labelledby="ac-panel-title"]')).find(Boolean);
    const cell = box.querySelector('td');
    return { lead: cell.firstChild.textContent, field: cell.querySelector('.field').textContent, value: cell.nextElementSibling.textContent };
  });
  assert.deepEqual(first, { lead: 'Clics', field: 'clicks · Clics et défilement', value: '2' });
  await page.keyboard.press('Escape');
  await context.close();
});

test('forget: the collector holds no row for the old secret and nothing of the app is left locally but a fresh secret', async () => {
  const { context, page } = await openPage();
  await page.getByRole('button', { name: 'Allow all' }).click();
  await page.mouse.click(300, 300);
  await page.evaluate(() => window.acReady.then((ac) => ac.flush()));
  await untilSent(page);
  const old = await page.evaluate(() => localStorage.getItem('ac:ticket-desk:secret'));
  const app = await page.evaluate(() => window.acReady.then((ac) => ac.app));
  const rowsFor = (secret) => page.evaluate(([u, b]) => fetch(u, { method: 'POST', body: b }).then((r) => r.json()),
    [`${COLLECTOR}/v1/me`, JSON.stringify({ app, secret })]);
  assert.ok((await rowsFor(old)).rows.length > 0, 'rows were stored before forget');
  const answer = await page.evaluate(() => window.acReady.then((ac) => ac.forget()));
  assert.ok(answer.deleted > 0);
  assert.deepEqual((await rowsFor(old)).rows, []);
  // Nothing of this app is left but a fresh secret, which links to nothing.
  const keys = await page.evaluate((a) => Object.keys(localStorage).filter((k) => k.startsWith(`ac:${a}:`)), app);
  assert.deepEqual(keys, [`ac:${app}:secret`]);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('ac:ticket-desk:secret')), old);
  assert.equal(await page.evaluate(() => ActivityCapture.activeListeners()), 0);
  await context.close();
});

test('a secret shared by the apps of an origin (older versions) is adopted per app; forget rotates only the app\'s own', async () => {
  const legacy = 'ab'.repeat(32);
  const context = await browser.newContext();
  await context.addInitScript((l) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('ac:secret', l); } }, legacy);
  const page = await context.newPage();
  await page.goto(`${APP}/`);
  await page.evaluate(() => window.acReady);
  assert.equal(await page.evaluate(() => localStorage.getItem('ac:ticket-desk:secret')), legacy, 'the app adopted the shared secret');
  await page.getByRole('button', { name: 'Allow all' }).click();
  await page.mouse.click(300, 300);
  await page.evaluate(() => window.acReady.then((ac) => ac.flush()));
  await untilSent(page);
  const rowsFor = (secret) => page.evaluate(([u, b]) => fetch(u, { method: 'POST', body: b }).then((r) => r.json()),
    [`${COLLECTOR}/v1/me`, JSON.stringify({ app: 'ticket-desk', secret })]);
  assert.ok((await rowsFor(legacy)).rows.length > 0, 'rows are made with the adopted secret');
  await page.evaluate(() => window.acReady.then((ac) => ac.forget()));
  assert.deepEqual((await rowsFor(legacy)).rows, []);
  assert.equal(await page.evaluate(() => localStorage.getItem('ac:secret')), legacy, 'the shared key is left for the other apps');
  const own = await page.evaluate(() => localStorage.getItem('ac:ticket-desk:secret'));
  assert.match(own, /^[0-9a-f]{64}$/);
  assert.notEqual(own, legacy, 'this app\'s secret rotated');
  await page.reload();
  await page.evaluate(() => window.acReady);
  assert.equal(await page.evaluate(() => localStorage.getItem('ac:ticket-desk:secret')), own, 'a reload does not adopt the shared secret again');
  await context.close();
});

test('from the panel: download my data is the collector\'s JSON; forget me asks once more, then nothing is held', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${APP}/`);
  await page.getByRole('button', { name: 'Allow all' }).click();
  await page.mouse.click(300, 300);
  await page.evaluate(() => window.acReady.then((ac) => ac.flush()));
  await untilSent(page);
  await page.click('#panel-toggle');
  await panelReady(page);
  // Firefox ESR's WebDriver BiDi reports no downloads: the file itself is checked in Chromium.
  if (browser.browserType().name() !== 'firefox') {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data (JSON)' }).click()]);
    assert.equal(download.suggestedFilename(), 'ticket-desk-my-data.json');
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.ok(data.rows.length > 0 && data.rows.every((r) => r.app === 'ticket-desk'), 'the rows the collector holds');
    assert.deepEqual(data, await page.evaluate(() => window.acReady.then((ac) => ac.exportMine())));
  }
  // Forget needs a second press; the first only asks.
  await page.getByRole('button', { name: 'Forget me' }).click();
  assert.equal(await page.evaluate(() => window.acReady.then((ac) => ac.exportMine())).then((d) => d.rows.length > 0), true, 'one press deletes nothing');
  await page.getByRole('button', { name: 'Press again to delete everything about me' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-ac-private]')].some((h) => /The collector holds nothing about you/.test(h.shadowRoot?.textContent || '')));
  const text = await panelText(page);
  assert.match(text, /Nothing is measured: you have not allowed anything\./);
  assert.match(text, /Nothing was sent from this device in the last 7 days\./);
  await context.close();
});
