// End to end, the capture path in the real demo: a person grants consent in the SDK's own
// dialog, works in the ticket desk (types an email, a card number, a phone number and a
// password, clicks a row whose name is in `title` and a mailto: link, visits a customer page),
// and the summaries reach the collector. Then every request body, the SQLite database and its
// -wal file, and the collector's log are searched for what was typed and seen: none of it may
// appear, in any form. In Chromium and Firefox.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, BROWSERS, APP, COLLECTOR, clearOfWindowEnd, untilSent } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

const TYPED = {
  email: 'jane.doe+vip@example.com',
  card: '4111 1111 1111 1111',
  phone: '+1 (415) 555-0134',
  password: 'Hunter2-Correct-Horse',
  notes: 'Call Rahul Mehta about the refund',
};
// Everything that must never leave the page, with digits-only forms of the numbers.
const SECRETS = [
  ...Object.values(TYPED),
  '4111111111111111', '14155550134', '4155550134', 'Hunter2',
  'Jane Doe', 'Rahul Mehta', 'Ana Lima', 'jane.doe@example.com', 'rahul.mehta@example.org', 'jane-doe', 'rahul-mehta',
  'Printer offline', 'VPN drops',
];

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.stop();
});

for (const name of BROWSERS) test(`${name}: consented activity arrives as summaries and nothing personal leaves the page`, async () => {
  const browser = await launchBrowser(name);
  const context = await browser.newContext();
  // A cookie the collector's origin would otherwise receive: it must never be sent.
  await context.addCookies([{ name: 'session', value: 'cookie-must-not-travel', url: COLLECTOR }]);
  const page = await context.newPage();
  const bodies = [];
  const cookies = [];
  const kinds = new Set();
  page.on('request', async (r) => {
    if (!r.url().startsWith(COLLECTOR)) return;
    bodies.push({ url: r.url(), body: r.postData() || '' });
    const headers = await r.allHeaders();
    if (headers.cookie) cookies.push(headers.cookie);
    // Uploads are simple requests (no preflight): a POST with a text/plain body.
    if (r.url().endsWith('/v1/summaries')) kinds.add(`${r.method()} ${headers['content-type']}`);
  });
  await page.goto(`${APP}/`);

  // The SDK's own dialog asks first; nothing is attached before the answer.
  await page.waitForSelector('[role="dialog"]');
  assert.equal(await page.evaluate(() => ActivityCapture.activeListeners()), 0);
  await page.getByRole('button', { name: 'Allow all' }).click();
  const consent = await page.evaluate(() => window.acReady.then((ac) => ac.consent()));
  assert.deepEqual(consent, { interaction: 'granted', typing: 'granted', pointer: 'granted', navigation: 'granted' });

  // Work: a row whose name is in title, a mailto: link, the new-ticket form, a customer page.
  await page.mouse.move(10, 10);
  await page.mouse.move(400, 300, { steps: 10 });
  await page.hover('td[title="Jane Doe"]');
  await page.click('tr[data-href="/tickets/4711"] td:first-child');
  await page.goBack();
  await page.click('a[href^="mailto:rahul"]', { noWaitAfter: true }).catch(() => {});
  await page.click('a[href="/tickets/new"]');
  await page.click('input[name=email]');
  await page.keyboard.type(TYPED.email);
  await page.click('input[name=phone]');
  await page.keyboard.type(TYPED.phone);
  await page.click('input[name=card]');
  await page.keyboard.type(TYPED.card);
  await page.click('input[name=password]');
  await page.keyboard.type(TYPED.password);
  await page.click('textarea[name=notes]');
  await page.keyboard.type(TYPED.notes);
  await page.keyboard.press('Backspace');
  await page.click('button[type=submit]');
  await page.click('a[href="/customers/jane-doe"]');
  await page.goto(`${APP}/customers/rahul-mehta`); // a full load: pagehide flushes the first page

  // Hold the next send back, read pending(), then let it go: the request carries exactly those bytes.
  await page.route(`${COLLECTOR}/v1/summaries`, (route) => route.abort());
  const ac = await page.evaluateHandle(() => window.acReady);
  await page.click('h1');
  await page.keyboard.press('Tab');
  await ac.evaluate((h) => h.flush());
  await page.waitForTimeout(300);
  const pending = await ac.evaluate((h) => h.pending());
  assert.ok(pending.length > 0, 'summaries are pending while the collector is unreachable');
  await page.unroute(`${COLLECTOR}/v1/summaries`);
  const sent = page.waitForRequest((r) => r.url() === `${COLLECTOR}/v1/summaries` && r.method() === 'POST');
  const answered = page.waitForResponse((r) => r.url() === `${COLLECTOR}/v1/summaries`);
  await ac.evaluate((h) => h.flush());
  // Firefox ESR's WebDriver BiDi exposes no request bodies (postData() is null there), so the
  // byte-for-byte and body searches are Chromium's; the database and log searches run in both.
  const bodiesSeen = (await sent).postData() !== null;
  if (bodiesSeen) assert.equal((await sent).postData(), pending, 'pending() bytes equal the request body');
  const answer = await (await answered).json();
  assert.ok(answer.results.length > 0);
  assert.ok(answer.results.every((r) => r.status === 'stored' || r.status === 'duplicate'), JSON.stringify(answer));
  await untilSent(page);

  // The person sees what the collector holds about them, and it is what was sent.
  const mine = await ac.evaluate((h) => h.exportMine());
  const purposes = new Set(mine.rows.map((r) => r.purpose));
  assert.deepEqual([...purposes].sort(), ['interaction', 'navigation', 'pointer', 'typing']);
  const routes = new Set(mine.rows.map((r) => r.route));
  for (const r of ['/', '/tickets/:id', '/tickets/new', '/customers/:name']) assert.ok(routes.has(r), `route ${r} in ${[...routes]}`);
  const typing = mine.rows.filter((r) => r.purpose === 'typing');
  const privateTyping = typing.reduce((n, r) => n + r.data.private, 0);
  const characters = typing.reduce((n, r) => n + r.data.keys.character, 0);
  assert.ok(privateTyping >= 25, `card and password keys counted as private only: ${privateTyping}`);
  assert.ok(characters >= 50, `typed characters counted by class: ${characters}`);
  const labels = mine.rows.flatMap((r) => (r.data.targets || []).map((t) => t.label));
  assert.ok(labels.includes('Ticket row') || labels.includes('Create ticket'), `labels: ${labels}`);
  await browser.close();

  // Search every place the data could have gone.
  assert.ok(bodies.length >= 2, 'at least one pagehide flush and the explicit flushes were sent');
  assert.deepEqual(cookies, [], 'no request to the collector carries a cookie');
  assert.deepEqual([...kinds], ['POST text/plain;charset=UTF-8'], 'uploads are simple requests');
  const haystacks = {
    'collector log': demo.log(),
    'pending() before the last send': pending,
  };
  if (bodiesSeen) haystacks['request bodies'] = bodies.filter((b) => !b.url.endsWith('/v1/me')).map((b) => b.body).join('\n');
  const files = readdirSync(join(demo.dir, '.demo')).filter((f) => f.startsWith('collector.sqlite'));
  assert.ok(files.includes('collector.sqlite'), `database files: ${files}`);
  for (const f of files) haystacks[f] = readFileSync(join(demo.dir, '.demo', f)).toString('latin1');
  for (const [where, text] of Object.entries(haystacks)) {
    for (const secret of SECRETS) {
      assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${JSON.stringify(secret)} found in ${where}`);
    }
  }
  console.log(`${name}: searched ${SECRETS.length} values in ${Object.keys(haystacks).join(', ')}: ${bodies.length} requests, ${mine.rows.length} rows held; none found`);
});
