// End to end, the person's controls in the real demo, checked at the collector: a purpose the
// person did not grant yields none of the fields the data dictionary assigns to it; withdrawing
// a purpose purges it locally at once and has the collector delete its rows (queued while
// offline, sent when back online or on the next load); a changed policy (purpose text, retention, endpoint) asks
// again and captures nothing meanwhile; a paused period captures and sends nothing.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, APP, COLLECTOR, root, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The data dictionary as the project publishes it: field path → the purposes that unlock it
// (envelope fields, unlocked by every summary, are left out).
const DICTIONARY = new Map();
for (const line of readFileSync(join(root, 'docs/DATA-DICTIONARY.md'), 'utf8').split('\n')) {
  const m = line.match(/^\| `(data\.[^`]+)` \| (\w+) \|/);
  if (m) DICTIONARY.set(m[1], [...(DICTIONARY.get(m[1]) || []), m[2]]);
}
const PURPOSES = ['interaction', 'typing', 'pointer', 'navigation'];

// `data.keys.character`, `data.targets[].label`: the dictionary's paths of a summary's fields.
const paths = (value, prefix = 'data', out = []) => {
  if (Array.isArray(value)) for (const v of value) paths(v, `${prefix}[]`, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, `${prefix}.${k}`, out);
  else out.push(prefix);
  return out;
};

// The demo's own options (www/app.js), for tests that start the SDK again with a changed policy.
const OPTIONS = {
  endpoint: COLLECTOR,
  app: 'ticket-desk',
  ingestKey: 'ik_demo_ticket_desk',
  purposes: {
    interaction: 'Which screens of the ticket desk are slow to work through, so we can fix them.',
    typing: 'How much typing each form needs (counts only, never what you type), so we can shorten forms.',
    pointer: 'How far the pointer travels per screen, to find awkward layouts.',
    navigation: 'Which screens people move between, to improve the menus.',
  },
  routes: ['/tickets/:id', '/tickets/new', '/customers/:name'],
};

let demo;
let browser;
before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

/** A fresh person (own storage) on the demo, with every summary body the page sends recorded. */
async function openPage(initScript) {
  const context = await browser.newContext();
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  // Chromium hands the tests each request body; Firefox ESR's WebDriver BiDi does not
  // (postData() is null), so there the page's fetch records the bodies it sends instead.
  const network = [];
  const inPage = browser.browserType().name() === 'firefox';
  if (inPage) {
    await context.addInitScript(() => {
      window.__acSent = [];
      const real = window.fetch;
      window.fetch = function (url, init) {
        if (String(url).endsWith('/v1/summaries') && init && typeof init.body === 'string') {
          try { window.__acSent.push(...JSON.parse(init.body).summaries); } catch {}
        }
        return real.apply(this, arguments);
      };
    });
  } else {
    page.on('request', (r) => {
      if (r.url() === `${COLLECTOR}/v1/summaries` && r.method() === 'POST') network.push(...JSON.parse(r.postData()).summaries);
    });
  }
  const sent = { all: async () => (inPage ? page.evaluate(() => window.__acSent) : network) };
  await page.goto(`${APP}/`);
  await page.evaluate(() => window.acReady);
  await page.waitForSelector('[role="dialog"]');
  // Runs fn(handle, arg) in the page (the function travels as Playwright's own argument, so no
  // eval is needed under the page's CSP). Re-read each time: a test may start a new instance.
  const ac = async (fn, arg) => {
    const handle = await page.evaluateHandle(() => window.acReady);
    try {
      return await handle.evaluate(fn, arg);
    } finally {
      await handle.dispose();
    }
  };
  return { context, page, sent, ac };
}

/** What the collector holds for this device secret, asked from outside the page (so it works
 * while the page is offline), as the app's origin. */
async function heldFor(secret) {
  const r = await fetch(`${COLLECTOR}/v1/me`, {
    method: 'POST',
    headers: { Origin: APP, 'Content-Type': 'text/plain' },
    body: JSON.stringify({ app: 'ticket-desk', secret }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()).rows;
}

/** Some of everything a person does: clicks, typing in a form, pointer movement, navigation. */
async function work(page) {
  await page.click('h1');
  await page.mouse.move(20, 200);
  await page.mouse.move(600, 400, { steps: 8 });
  await page.click('nav >> text=New ticket');
  await page.click('textarea[name="notes"]');
  await page.keyboard.type('Printer on floor 3 jams again');
  await page.keyboard.press('Backspace');
  await page.click('nav >> text=Queue');
}

/** Flushes and waits until the collector acknowledged everything pending. */
async function delivered(ac) {
  await ac((h) => h.flush());
  for (let i = 0; i < 100 && (await ac((h) => h.pendingCount)) > 0; i++) await sleep(100);
  assert.equal(await ac((h) => h.pendingCount), 0, 'the outbox emptied');
}

/** Checks every summary carries only fields its purpose unlocks, and lists the purposes seen. */
function checkFields(summaries, allowed, where) {
  const seen = new Set();
  for (const s of summaries) {
    assert.ok(allowed.includes(s.purpose), `${where}: a ${s.purpose} summary although only ${allowed} were granted`);
    seen.add(s.purpose);
    for (const p of paths(s.data)) {
      const unlocking = DICTIONARY.get(p) || [];
      assert.ok(unlocking.includes(s.purpose), `${where}: ${p} is not a field of ${s.purpose} (dictionary: ${unlocking})`);
    }
  }
  return seen;
}

test('a purpose not granted yields none of its fields, in requests and at the collector', async () => {
  const { context, page, sent, ac } = await openPage();
  // The person allows two purposes in the SDK's dialog and leaves typing and pointer unchecked.
  await page.getByRole('checkbox', { name: /slow to work through/ }).check();
  await page.getByRole('checkbox', { name: /move between/ }).check();
  await page.getByRole('button', { name: 'Allow selected' }).click();
  assert.deepEqual(await ac((h) => h.consent()), { interaction: 'granted', typing: 'denied', pointer: 'denied', navigation: 'granted' });
  await work(page);
  await delivered(ac);
  const granted = ['interaction', 'navigation'];
  const refusedOnly = [...DICTIONARY].filter(([, ps]) => ps.every((p) => !granted.includes(p))).map(([path]) => path);
  assert.ok(refusedOnly.includes('data.keys.character') && refusedOnly.includes('data.distance_px'));
  assert.deepEqual([...checkFields(await sent.all(), granted, 'request bodies')].sort(), granted, 'both granted purposes were sent');
  const secret = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith('secret'))[1]);
  const rows = await heldFor(secret);
  assert.deepEqual([...checkFields(rows, granted, 'the collector')].sort(), granted, 'the collector holds both granted purposes');
  const everything = JSON.stringify([await sent.all(), rows]);
  for (const path of refusedOnly) {
    const name = path.split('.').pop().replace('[]', '');
    if (name !== 'private') assert.ok(!everything.includes(`"${name}":`), `${path} left the device`);
  }
  await context.close();
});

test('withdrawing a purpose purges it at once and deletes its rows at the collector, queued while offline', async () => {
  const { context, page, ac } = await openPage();
  await page.getByRole('button', { name: 'Allow all' }).click();
  await work(page);
  await delivered(ac);
  const secret = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith('secret'))[1]);
  const purposesHeld = async () => [...new Set((await heldFor(secret)).map((r) => r.purpose))].sort();
  assert.deepEqual(await purposesHeld(), [...PURPOSES].sort());
  // More typing: it waits in the outbox when the person withdraws, offline.
  await work(page);
  assert.match(await ac((h) => h.pending()), /"purpose":"typing"/);
  // The panel is a module loaded on first use: this person opened it once while online.
  await ac((h) => h.showPanel());
  await page.keyboard.press('Escape');
  await context.setOffline(true);
  // The person's own path: the panel's "Change what I allow" opens the dialog showing what is
  // allowed now; they uncheck typing and confirm.
  await ac((h) => h.showPanel());
  await page.getByRole('button', { name: 'Change what I allow' }).click();
  const typing = page.getByRole('checkbox', { name: /typing each form needs/ });
  assert.ok(await typing.isChecked(), 'the dialog shows the current choices');
  await typing.uncheck();
  await page.getByRole('button', { name: 'Allow selected' }).click();
  const local = await ac((h) => ({
    consent: h.consent(),
    pending: h.pending(),
    sent: h.sentLog(),
    queued: localStorage.getItem('ac:ticket-desk:forget'),
  }));
  assert.equal(local.consent.typing, 'denied');
  assert.doesNotMatch(local.pending, /"purpose":"typing"/, 'pending() no longer holds typing');
  assert.match(local.pending, /"purpose":"interaction"/, 'other purposes are kept');
  assert.doesNotMatch(local.sent, /"purpose":"typing"/, 'the sent log no longer holds typing');
  assert.equal(local.queued, 'typing', 'the deletion is queued');
  await sleep(500);
  assert.deepEqual(await purposesHeld(), [...PURPOSES].sort(), 'offline: the collector was not reached yet');
  await context.setOffline(false);
  let held = [];
  for (let i = 0; i < 50; i++) {
    held = await purposesHeld();
    if (!held.includes('typing')) break;
    await sleep(100);
  }
  assert.deepEqual(held, ['interaction', 'navigation', 'pointer'], 'back online, the typing rows are deleted and only those');
  for (let i = 0; i < 20 && (await page.evaluate(() => localStorage.getItem('ac:ticket-desk:forget'))); i++) await sleep(100);
  assert.equal(await page.evaluate(() => localStorage.getItem('ac:ticket-desk:forget')), null, 'the queue is empty');
  await context.close();
});

test('a deletion queued offline survives closing the page and is sent on the next load', async () => {
  // Playwright's emulated offline state does not hold to a page's end: Chromium fires `online`
  // at the document as it closes, and the SDK then rightly sends the deletion (seen in CI). A
  // device that closes a tab offline gets no such event; this page, registered before the SDK,
  // swallows the emulation's once asked to.
  const { context, page, ac } = await openPage(() => {
    addEventListener('online', (e) => window.__acStillOffline && e.stopImmediatePropagation(), true);
  });
  await page.getByRole('button', { name: 'Allow all' }).click();
  await work(page);
  await delivered(ac);
  const secret = await page.evaluate(() => localStorage.getItem('ac:ticket-desk:secret'));
  const purposesHeld = async () => [...new Set((await heldFor(secret)).map((r) => r.purpose))].sort();
  assert.ok((await purposesHeld()).includes('pointer'));
  await context.setOffline(true);
  await ac((h) => h.setConsent({ pointer: false }));
  assert.equal(await page.evaluate(() => localStorage.getItem('ac:ticket-desk:forget')), 'pointer');
  await page.evaluate(() => { window.__acStillOffline = true; });
  await page.close();
  await context.setOffline(false);
  assert.ok((await purposesHeld()).includes('pointer'), 'no page is open: nothing was sent yet');
  const next = await context.newPage();
  await next.goto(`${APP}/`);
  await next.evaluate(() => window.acReady);
  let held = [];
  for (let i = 0; i < 50; i++) {
    held = await purposesHeld();
    if (!held.includes('pointer')) break;
    await sleep(100);
  }
  assert.deepEqual(held, ['interaction', 'navigation', 'typing'], 'the next load sent the deletion');
  await next.waitForFunction(() => localStorage.getItem('ac:ticket-desk:forget') === null);
  await context.close();
});

test('a changed policy (purpose text, retention, endpoint) asks again and captures nothing meanwhile', async () => {
  const { context, page, sent, ac } = await openPage();
  await page.getByRole('button', { name: 'Allow all' }).click();
  await work(page);
  await delivered(ac);
  const base = await ac((h) => h.policyHash);
  const changes = {
    'purpose text': { ...OPTIONS, purposes: { ...OPTIONS.purposes, typing: 'How much typing each form needs, to shorten forms.' } },
    retention: { ...OPTIONS, purposes: { ...OPTIONS.purposes, typing: { text: OPTIONS.purposes.typing, retentionDays: 2 } } },
    endpoint: { ...OPTIONS, endpoint: 'http://localhost:8787' },
  };
  // Control: the same policy again keeps the answers and captures at once.
  await page.evaluate((o) => window.acReady.then((h) => { h.stop(); window.acReady = ActivityCapture.init(o); return window.acReady; }).then(() => {}), OPTIONS);
  assert.equal(await ac((h) => h.policyHash), base);
  assert.equal(await ac((h) => h.consent().typing), 'granted');
  for (const [what, options] of Object.entries(changes)) {
    const before = (await sent.all()).length;
    await page.evaluate((o) => window.acReady.then((h) => { h.stop(); window.acReady = ActivityCapture.init(o); return window.acReady; }).then(() => {}), options);
    assert.notEqual(await ac((h) => h.policyHash), base, `${what}: a new policy hash`);
    assert.deepEqual(Object.values(await ac((h) => h.consent())), ['pending', 'pending', 'pending', 'pending'], `${what}: asked again`);
    await page.waitForSelector('[role="dialog"]');
    assert.equal(await page.evaluate(() => ActivityCapture.activeListeners()), 0, `${what}: no listener`);
    // The dialog is open; the person works around it (Escape closes it unanswered).
    await page.keyboard.press('Escape');
    await work(page);
    await ac((h) => h.flush());
    await sleep(300);
    assert.equal(await ac((h) => h.pending()), '', `${what}: nothing captured`);
    assert.equal((await sent.all()).length, before, `${what}: nothing sent`);
  }
  // Answering the dialog starts capture under the new policy.
  await ac((h) => h.showConsentDialog());
  await page.getByRole('button', { name: 'Allow all' }).click();
  const hash = await ac((h) => h.policyHash);
  await work(page);
  const pending = JSON.parse(await ac((h) => h.pending())).summaries;
  assert.ok(pending.length > 0 && pending.every((s) => s.policy === hash), 'captured again, under the new policy');
  await context.close();
});

test('a paused period captures and sends nothing; resuming captures again', async () => {
  const { context, page, sent, ac } = await openPage();
  await page.getByRole('button', { name: 'Allow all' }).click();
  await page.click('h1');
  await page.click('h1');
  // Pause from the panel.
  await ac((h) => h.showPanel());
  await page.getByRole('button', { name: 'Pause measuring' }).click();
  assert.equal(await ac((h) => h.paused), true);
  await page.keyboard.press('Escape');
  const held = await ac((h) => h.pending());
  const before = (await sent.all()).length;
  for (let i = 0; i < 5; i++) await page.click('h1');
  await work(page);
  await ac((h) => h.flush());
  await sleep(500);
  assert.equal((await sent.all()).length, before, 'nothing is sent while paused');
  assert.equal(await ac((h) => h.pending()), held, 'nothing new is captured while paused');
  // Resume from the panel: what was held before the pause leaves, and capture starts again.
  await ac((h) => h.showPanel());
  await page.getByRole('button', { name: 'Resume measuring' }).click();
  await page.keyboard.press('Escape');
  for (let i = 0; i < 3; i++) await page.click('h1');
  await delivered(ac);
  const byId = new Map((await sent.all()).map((s) => [s.id, s]));
  const clicks = [...byId.values()].filter((s) => s.purpose === 'interaction').reduce((n, s) => n + s.data.clicks, 0);
  assert.equal(clicks, 5, 'two clicks before the pause and three after it; none during');
  await context.close();
});
