// End to end, delivery under faults, against the real demo page and the real collector
// (loopback only): network failures, error statuses with and without Retry-After, auth failures
// fixed later, slow answers, reloads and closed tabs with summaries pending, a frozen tab, two
// tabs, and an outbox left by the previous SDK version. For each scenario it counts summaries
// produced, stored, stored twice and lost; the target is none lost and none stored twice.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launchBrowser, APP, COLLECTOR, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

let demo;
let browser;
const report = [];
before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
  console.log('delivery scenarios (summaries):');
  for (const r of report) console.log(`  ${r.name}: produced ${r.produced}, stored ${r.stored}, duplicate answers ${r.duplicates}, stored twice ${r.storedTwice}, lost ${r.lost}`);
});

const SUMMARIES = `${COLLECTOR}/v1/summaries`;
const CORS = { 'access-control-allow-origin': APP, 'access-control-expose-headers': 'retry-after', vary: 'Origin' };

/** A fresh browser context (its own localStorage) with consent granted and bookkeeping. */
async function session() {
  const ctx = await browser.newContext();
  const seen = { produced: new Set(), stored: new Map(), duplicates: 0, known: new Set() };
  const track = (page) => {
    page.on('request', (r) => {
      if (r.url() !== SUMMARIES) return;
      for (const m of (r.postData() || '').matchAll(/"id":"([0-9a-f]{32})"/g)) seen.produced.add(m[1]);
    });
    page.on('response', async (r) => {
      if (r.url() !== SUMMARIES || r.status() !== 200) return;
      try {
        for (const x of (await r.json()).results) {
          if (x.status === 'stored') seen.stored.set(x.id, (seen.stored.get(x.id) || 0) + 1);
          if (x.status === 'duplicate') {
            // The collector already holds it: a retry of a request whose answer this page never
            // saw (e.g. a keepalive request that outlived its page).
            seen.duplicates++;
            seen.known.add(x.id);
          }
        }
      } catch {}
    });
  };
  return { ctx, seen, track };
}

async function openTool(ctx, track, grant = true) {
  const page = await ctx.newPage();
  track(page);
  await page.goto(`${APP}/`);
  if (grant) {
    await page.waitForSelector('[role="dialog"]', { timeout: 5000 }).catch(() => {});
    const dialog = await page.$('[role="dialog"]');
    if (dialog) await page.getByRole('button', { name: 'Allow all' }).click();
  }
  await page.evaluate(() => window.acReady);
  return page;
}

/** Some work that yields summaries of every purpose on two routes. */
async function work(page) {
  await page.mouse.move(5, 5);
  await page.mouse.move(300, 200, { steps: 5 });
  await page.click('a[href="/tickets/new"]');
  await page.click('textarea[name=notes]');
  await page.keyboard.type('slow printer');
  await page.click('a[href="/"]');
}

const flush = (page) => page.evaluate(() => window.acReady.then((h) => h.flush()));
const pendingCount = (page) => page.evaluate(() => window.acReady.then((h) => h.pendingCount));
const settle = async (page, ms = 300) => page.waitForTimeout(ms);

async function drain(page, seen) {
  for (let i = 0; i < 50; i++) {
    await flush(page);
    await settle(page, 200);
    if ((await pendingCount(page)) === 0) {
      // What the collector holds for this person counts as stored even when no page saw the
      // answer (a keepalive request that outlived the page that sent it): lost means not held.
      const held = await page.evaluate(() => window.acReady.then((h) => h.exportMine()).then((r) => r.rows.map((row) => row.id)));
      for (const id of held) if (!seen.stored.has(id)) seen.known.add(id);
      return;
    }
  }
  throw new Error(`outbox not drained: ${await pendingCount(page)} pending`);
}

function record(name, seen) {
  const storedTwice = [...seen.stored.values()].filter((n) => n > 1).length;
  const lost = [...seen.produced].filter((id) => !seen.stored.has(id) && !seen.known.has(id)).length;
  const r = { name, produced: seen.produced.size, stored: seen.stored.size, duplicates: seen.duplicates, storedTwice, lost };
  report.push(r);
  assert.ok(r.produced > 0, `${name}: something was produced`);
  assert.equal(r.storedTwice, 0, `${name}: nothing stored twice`);
  assert.equal(r.lost, 0, `${name}: nothing lost`);
}

test('collector unreachable while the person works, then back', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  await page.route(SUMMARIES, (route) => route.abort('connectionrefused'));
  await work(page);
  await flush(page);
  await settle(page);
  assert.ok((await pendingCount(page)) > 0, 'kept while the collector is down');
  await page.unroute(SUMMARIES);
  await drain(page, seen);
  record('collector down, then up', seen);
  await page.close();
});

test('500, 503 with Retry-After, 429, slow answers: retried until stored', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  const answers = [
    { status: 500 },
    { status: 503, headers: { 'retry-after': '1' } },
    { status: 429, headers: { 'retry-after': '1' } },
  ];
  const statuses = [];
  await page.route(SUMMARIES, async (route) => {
    const next = answers.shift();
    if (next) {
      statuses.push(next.status);
      return route.fulfill({ status: next.status, headers: { ...CORS, ...(next.headers || {}) }, body: '{"error":"x"}' });
    }
    await new Promise((r) => setTimeout(r, 800)); // a slow answer
    return route.continue();
  });
  await work(page);
  const start = Date.now();
  for (let i = 0; i < 60 && (statuses.length < 3 || (await pendingCount(page)) > 0); i++) {
    await flush(page);
    await settle(page, 250);
  }
  assert.deepEqual(statuses, [500, 503, 429]);
  assert.ok(Date.now() - start >= 1000, 'Retry-After was honoured');
  await page.unroute(SUMMARIES);
  await drain(page, seen);
  record('500, 503 + Retry-After, 429, slow', seen);
  await page.close();
});

test('401 pauses sending and keeps everything until the key works again', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  let refused = 0;
  await page.route(SUMMARIES, (route) => {
    refused++;
    return route.fulfill({ status: 401, headers: CORS, body: '{"error":"unknown ingest key","field":"key"}' });
  });
  await work(page);
  await flush(page);
  await settle(page);
  const before = await pendingCount(page);
  await flush(page);
  await settle(page);
  assert.equal(refused, 1, 'after a 401 the SDK stops sending in this page');
  assert.equal(await pendingCount(page), before, 'nothing dropped');
  await page.unroute(SUMMARIES);
  // The fixed key arrives with the next page load: the reload adopts and delivers everything.
  await page.reload();
  await page.evaluate(() => window.acReady);
  await drain(page, seen);
  record('401, then fixed', seen);
  await page.close();
});

test('reload and tab close with summaries pending lose nothing', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  // Blocked for the whole context, so even the keepalive request of the closing tab fails.
  await ctx.route(SUMMARIES, (route) => route.abort('connectionrefused'));
  await work(page);
  await page.reload(); // pagehide: closes windows, persists; the send fails
  await page.evaluate(() => window.acReady);
  await work(page);
  // Closed as a person closes a tab (the browser runs the page's pagehide).
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500)); // close() returns before the page is gone
  await ctx.unroute(SUMMARIES);
  const next = await openTool(ctx, track, false);
  // What the closed tab could not send is adopted here; a keepalive request that outlived the
  // closing page may already have delivered it (answered `duplicate` when re-sent). Either way
  // nothing may be lost or stored twice (checked by `record`).
  await drain(next, seen);
  record('reload and tab close', seen);
  await next.close();
});

test('a frozen, hidden tab delivers when shown again', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  await work(page);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await settle(page, 500);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  await drain(page, seen);
  record('frozen tab', seen);
  await page.close();
});

test('two tabs of the same app send nothing twice and lose nothing', async () => {
  const { ctx, seen, track } = await session();
  const a = await openTool(ctx, track);
  const b = await openTool(ctx, track, false);
  for (const p of [a, b]) await p.route(SUMMARIES, (route) => route.abort('connectionrefused'));
  await work(a);
  await work(b);
  await flush(a);
  await flush(b);
  for (const p of [a, b]) await p.unroute(SUMMARIES);
  await drain(a, seen);
  await drain(b, seen);
  record('two tabs', seen);
  await a.close();
  await b.close();
});

test('an outbox left by the previous SDK version is delivered', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  // The previous version kept one outbox per app under this key, one wire summary per line.
  await page.evaluate(() => window.acReady.then((h) => h.pause()));
  const id = 'ab'.repeat(16);
  const now = Math.floor(Date.now() / 1000);
  const start = now - (now % 900) - 900;
  const wire = JSON.stringify({
    v: 1, id, subject: 'cd'.repeat(16), app: 'ticket-desk', start, minutes: 15, route: '/tickets/:id',
    purpose: 'pointer', policy: '0123456789abcdef', consent: 'host', dropped: 0, data: { distance_px: 1000 },
  });
  await page.evaluate((w) => localStorage.setItem('ac:ticket-desk:outbox', 'dropped=0\n' + w), wire);
  await page.reload();
  await page.evaluate(() => window.acReady);
  seen.produced.add(id);
  await drain(page, seen);
  assert.equal(await page.evaluate(() => localStorage.getItem('ac:ticket-desk:outbox')), null, 'the old key was adopted and removed');
  record('previous version outbox', seen);
  await page.close();
});

test('a back/forward navigation keeps and then delivers what was pending', async () => {
  const { ctx, seen, track } = await session();
  const page = await openTool(ctx, track);
  await page.evaluate(() => {
    window.__restored = false;
    addEventListener('pageshow', (e) => { if (e.persisted) window.__restored = true; });
  });
  await ctx.route(SUMMARIES, (route) => route.abort('connectionrefused'));
  await work(page);
  await page.goto(`${APP}/esm.html`); // away: pagehide (kept in the back/forward cache if the browser can)
  await ctx.unroute(SUMMARIES);
  await page.goBack();
  const restored = await page.evaluate(() => window.__restored === true).catch(() => false);
  await page.evaluate(() => window.acReady);
  await drain(page, seen);
  record(`back/forward navigation (${restored ? 'restored from the bfcache' : 'reloaded: no bfcache here'})`, seen);
  await page.close();
});

test('past its bound the outbox drops the oldest and reports how many', async () => {
  const { ctx, seen, track } = await session();
  // 600 valid summaries left by an earlier version of the page: more than the bound of 500.
  const setup = await ctx.newPage();
  await setup.goto(`${APP}/app.css`); // the app's origin, without the SDK
  const now = Math.floor(Date.now() / 1000);
  const start = now - (now % 900) - 900;
  const lines = [];
  for (let i = 0; i < 600; i++) {
    const id = i.toString(16).padStart(32, '0');
    lines.push(JSON.stringify({
      v: 1, id, subject: 'ef'.repeat(16), app: 'ticket-desk', start, minutes: 15, route: '/tickets/:id',
      purpose: 'pointer', policy: '0123456789abcdef', consent: 'host', dropped: 0, data: { distance_px: 100 },
    }));
  }
  await setup.evaluate((text) => localStorage.setItem('ac:ticket-desk:outbox', text), 'dropped=0\n' + lines.join('\n'));
  await setup.close();
  const bodies = [];
  const page = await ctx.newPage();
  page.on('request', (r) => { if (r.url() === SUMMARIES) bodies.push(r.postData() || ''); });
  track(page);
  await page.goto(`${APP}/`);
  await page.getByRole('button', { name: 'Allow all' }).click();
  await work(page);
  await drain(page, seen);
  const all = bodies.join('\n');
  assert.ok(!all.includes('"id":"' + (0).toString(16).padStart(32, '0') + '"'), 'the oldest were dropped');
  assert.ok(all.includes('"id":"' + (599).toString(16).padStart(32, '0') + '"'), 'the newest were kept');
  const dropped = [...all.matchAll(/"dropped":(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  assert.equal(dropped, 100, 'the next summary made reports the 100 dropped');
  record('outbox bound exceeded (600 into 500)', seen);
  await page.close();
});
