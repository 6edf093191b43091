// Apps built every which way, in Chromium and Firefox, with real (trusted) input: single-page
// routing through every mechanism (history.pushState/replaceState, back, hash routing and the
// Navigation API where the browser has it) with host route templates; web components with open
// and closed shadow roots; a same-origin frame that loads the SDK itself and a cross-origin one
// that is never touched.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemo, launchBrowser, rewriteCsp, rewrittenPages, BROWSERS, APP, root, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

let demo;
before(async () => {
  demo = await startDemo({ www: join(root, 'tests/e2e/www') });
});
after(async () => {
  await demo?.stop();
});

const summaries = async (frame) => JSON.parse((await frame.evaluate(() => window.acReady.then((h) => h.pending()))) || '{"summaries":[]}').summaries;
const of = (list, purpose) => list.filter((s) => s.purpose === purpose);
/** Clicks per label per route, summed over windows. */
const labelsByRoute = (list) => {
  const out = {};
  for (const s of of(list, 'interaction')) {
    const route = (out[s.route] ??= {});
    for (const t of s.data.targets) route[t.label] = (route[t.label] ?? 0) + t.clicks;
  }
  return out;
};
const total = (list, purpose, field) => of(list, purpose).reduce((n, s) => n + s.data[field], 0);

for (const name of BROWSERS) {
  let browser;
  let context;
  let page;
  const fresh = async (options = {}) => {
    await context?.close();
    context = await browser.newContext(options);
    page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
  };
  test(`${name}: start`, async () => {
    browser = await launchBrowser(name);
  });

  test(`${name}: SPA routes from history calls, back and the Navigation API, with host templates`, async () => {
    await fresh();
    await page.goto(`${APP}/spa.html`);
    await page.evaluate(() => window.acReady);
    const hasNavigationApi = await page.evaluate(() => typeof window.navigation?.navigate === 'function');
    const step = async (id, url) => {
      if (id) await page.click(`#${id}`);
      if (url) await page.waitForURL(`${APP}${url}`);
      await page.click('#here');
    };
    await step(null);
    await step('push', '/orders/991');
    await step('replace', '/orders/992/notes');
    await step('back', '/spa.html');
    if (hasNavigationApi) await step('navigate', '/teams/alpha');
    const list = await summaries(page);
    const seen = labelsByRoute(list);
    const expected = { '/spa.html': 2, '/orders/:id': 1, '/orders/:id/notes': 1 };
    if (hasNavigationApi) expected['/teams/:team'] = 1;
    assert.deepEqual(Object.fromEntries(Object.entries(seen).map(([r, t]) => [r, t.Here])), expected, JSON.stringify(seen));
    assert.equal(total(list, 'navigation', 'route_changes'), hasNavigationApi ? 4 : 3);
    // Without the random hex of ids and pseudonyms, where these digits may occur by chance.
    const body = JSON.stringify(list.map(({ id, subject, policy, ...rest }) => rest));
    for (const leaked of ['991', '992', 'alpha']) assert.ok(!body.includes(leaked), `${leaked} leaked: ${body}`);
    console.log(`# ${name}: Navigation API ${hasNavigationApi ? 'present' : 'absent'}`);
    assert.deepEqual(page.errors, []);
  });

  test(`${name}: hash routing`, async () => {
    await fresh();
    await page.goto(`${APP}/spa.html?hash`);
    await page.evaluate(() => window.acReady);
    await page.click('#hash');
    await page.waitForURL(/#\/orders\/5$/);
    await page.click('#here');
    const seen = labelsByRoute(await summaries(page));
    assert.equal(seen['/orders/:id']?.Here, 1, JSON.stringify(seen));
  });

  test(`${name}: shadow DOM: open roots are seen through their host, closed ones are not`, async () => {
    await fresh();
    await page.goto(`${APP}/shadow.html`);
    await page.evaluate(() => window.acReady);
    // Playwright's CSS pierces open shadow roots.
    await page.click('#open .close');
    await page.click('#open .plain');
    await page.click('#open .secret');
    await page.click('#open .pw');
    await page.keyboard.type('hunter22');
    await page.click('#open .note');
    await page.keyboard.type('plain words');
    // A closed root cannot be pierced: click where its button is drawn.
    await page.locator('#closed').click({ position: { x: 8, y: 8 } });
    const list = await summaries(page);
    const [interaction] = of(list, 'interaction');
    const [typing] = of(list, 'typing');
    const targets = Object.fromEntries(interaction.data.targets.map((t) => [t.label, t.clicks]));
    assert.equal(targets['Close ticket'], 1, JSON.stringify(targets));
    assert.equal(targets['Closed widget'], 1, JSON.stringify(targets));
    // The plain status and the plain field are the component; the private ones are counts only.
    assert.equal(targets['Ticket actions'], 2, JSON.stringify(targets));
    assert.equal(targets['Reveal token'], undefined);
    assert.ok(interaction.data.private >= 2, `private clicks and focus: ${interaction.data.private}`);
    assert.equal(typing.data.keys.character, 10, 'the eleven plain characters, quantised');
    assert.ok(typing.data.private >= 5, `the eight password keys, counted only: ${JSON.stringify(typing.data)}`);
    assert.deepEqual(page.errors, []);
  });

  test(`${name}: a same-origin frame opts in with its own SDK; a cross-origin frame is untouched`, async () => {
    await fresh(rewrittenPages(name));
    // The demo's CSP allows no framing at all; here the parent allows frames from both
    // origins and the framed pages allow this parent.
    await rewriteCsp(page, '**/frames.html', (csp) => csp.replace("frame-ancestors 'none'", "frame-ancestors 'none'; frame-src 'self' http://localhost:8788"));
    await rewriteCsp(page, '**/frame-*.html', (csp) => csp.replace("frame-ancestors 'none'", `frame-ancestors ${APP}`));
    await page.goto(`${APP}/frames.html`);
    await page.evaluate(() => window.acReady);
    const child = page.frameLocator('iframe[title="Same-origin tool"]');
    const foreign = page.frameLocator('iframe[title="Other origin"]');
    // The frame's own SDK must be running before its clicks count (on a busy machine it may
    // still be loading when the parent is ready).
    await child.locator('#host-button').waitFor();
    await page.frames().find((f) => f.url().endsWith('/frame-child.html')).evaluate(() => window.acReady);
    await child.locator('#host-button').click();
    await child.locator('#host-button').click();
    for (let i = 0; i < 3; i++) await foreign.locator('#host-button').click();
    await page.click('#host-button');
    const parent = await summaries(page);
    const childFrame = page.frames().find((f) => f.url().endsWith('/frame-child.html'));
    const inChild = await summaries(childFrame);
    assert.deepEqual(Object.values(labelsByRoute(parent)), [{ 'Host button': 1 }], JSON.stringify(parent));
    assert.equal(total(parent, 'interaction', 'clicks'), 1, 'clicks in frames are not the parent\'s');
    assert.deepEqual(Object.values(labelsByRoute(inChild)), [{ 'Frame button': 2 }]);
    assert.ok(!JSON.stringify(parent).includes('Foreign') && !JSON.stringify(inChild).includes('Foreign'));
    // The frame delivers on its own: the collector acknowledges its summaries.
    await childFrame.evaluate(() => window.acReady.then((h) => h.flush()));
    const deadline = Date.now() + 10_000;
    while (!(await childFrame.evaluate(() => window.acReady.then((h) => h.sentLog().length > 0 && h.pendingCount === 0)))) {
      assert.ok(Date.now() < deadline, 'the frame\'s summaries were not acknowledged within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(page.errors, []);
  });

  test(`${name}: stop`, async () => {
    await context?.close();
    await browser?.close();
  });
}
