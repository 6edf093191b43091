// End to end with a bundler: a small app built by Vite imports `activity-capture` from pkg/ as
// an npm package (its `exports`, `types`, `sideEffects`, and the wasm as an asset Vite copies),
// is served from the app's origin under the strict policy (with `connect-src 'self'` added, so
// the page may fetch its own wasm asset: the other way the README gives), and its summaries
// reach the collector; in Chromium and Firefox.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, rewriteCsp, rewrittenPages, BROWSERS, root, APP, COLLECTOR, clearOfWindowEnd } from './harness.mjs';

beforeEach(() => clearOfWindowEnd());

const app = join(root, 'tests/vite-app');
let demo;
let browser;
before(async () => {
  // The app's dependencies are installed by scripts/install.sh; the build runs here, against
  // the pkg/ that scripts/build.sh just made.
  execFileSync(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
  demo = await startDemo({ www: join(app, 'dist') });
});
after(async () => {
  await demo?.stop();
});

test('pkg/ is a package: exports, types, and side effects only where a global is defined', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
  assert.equal(manifest.exports['.'].import, './activity-capture.mjs');
  assert.equal(manifest.exports['.'].types, './activity-capture.d.mts');
  assert.equal(manifest.exports['./classic'], './activity-capture.js');
  assert.equal(manifest.exports['./snippet'], './activity-capture-snippet.js');
  assert.deepEqual(manifest.sideEffects, ['./activity-capture.js', './activity-capture-snippet.js']);
  for (const f of manifest.files) assert.ok(existsSync(join(root, 'pkg', f)), `${f} is in pkg/`);
});

test('the bundle carries the SDK and its wasm as an asset', () => {
  const assets = readdirSync(join(app, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `assets: ${assets}`);
  assert.ok(existsSync(join(app, 'dist/index.html')));
});

for (const name of BROWSERS) {
  test(`${name}: a Vite-built app starts the SDK and its summaries arrive`, async () => {
    const browser = await launchBrowser(name);
    try {
      const page = await (await browser.newContext(rewrittenPages(name))).newPage();
      await rewriteCsp(page, `${APP}/`, (csp) => csp.replace('connect-src ', "connect-src 'self' "));
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${APP}/`);
      await page.evaluate(() => window.acReady.then((h) => h.setConsent({ interaction: true })));
      await page.click('#go');
      await page.click('#go');
      const answered = page.waitForResponse((r) => r.url() === `${COLLECTOR}/v1/summaries`);
      await page.evaluate(() => window.acReady.then((h) => h.flush()));
      const answer = await (await answered).json();
      assert.ok(answer.results.length > 0 && answer.results.every((r) => r.status === 'stored'), JSON.stringify(answer));
      const rows = await page.evaluate(() => window.acReady.then((h) => h.exportMine()).then((r) => r.rows));
      const labels = rows.flatMap((r) => (r.data.targets || []).map((t) => t.label));
      assert.ok(labels.includes('Bundled button'), `labels: ${labels}`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
