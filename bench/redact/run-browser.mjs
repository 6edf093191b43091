// Runs the wasm harness in headless Chromium (Debian's /usr/bin/chromium through npm
// playwright-core) and prints MB/s for the redactor beside a JS RegExp baseline measured in the
// same page, in alternating rounds: the median and interquartile range of each. Build first with
// ./build-wasm.sh.
// Usage: node run-browser.mjs [rounds (default 9)] [ms per measurement (default 500)]
// PKG_B=<dir> (a copy of www/pkg from another build, e.g. before a change) adds that build's
// redactor to every round, in the same page: an A/B comparison.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, 'www');
const pkgB = process.env.PKG_B ? resolve(process.env.PKG_B) : null;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8' };
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html');
  const [base, rel] = pkgB && url.startsWith('/pkg-b/') ? [pkgB, url.slice('/pkg-b'.length)] : [root, url];
  const path = join(base, rel);
  if (!path.startsWith(base + '/')) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const profile = await mkdtemp(join(tmpdir(), 'redact-bench-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error('page:', m.text()));
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const rounds = Number(process.argv[2] ?? 9);
  const budgetMs = Number(process.argv[3] ?? 500);
  if (!(rounds >= 1 && budgetMs > 0)) throw new Error('usage: node run-browser.mjs [rounds] [ms per measurement]');
  const r = await page.evaluate((o) => window.runBench(o), { budgetMs, rounds, withB: pkgB !== null });
  console.log(`sanity: ${r.check}`);
  console.log(`${rounds} alternating rounds, ${budgetMs} ms per measurement; MB/s, median (interquartile range)${pkgB ? `; B: ${pkgB}` : ''}`);
  const cell = (x) => `${x.median.toFixed(1)} (${x.q1.toFixed(1)}-${x.q3.toFixed(1)})`.padStart(19);
  console.log(`workload      bytes   ${'wasm redactor'.padStart(19)}   ${'JS RegExp baseline'.padStart(19)}   ratio${pkgB ? `   ${'wasm redactor B'.padStart(19)}   A/B` : ''}`);
  for (const name of ['corpus', 'prose']) {
    const w = r[name];
    const ratio = (a, b) => `${(a.median / b.median).toFixed(2)}x`.padStart(5);
    console.log(`${name.padEnd(10)} ${String(w.bytes).padStart(8)}   ${cell(w.wasm)}   ${cell(w.jsRegExp)}   ${ratio(w.wasm, w.jsRegExp)}${pkgB ? `   ${cell(w.wasmB)}   ${ratio(w.wasm, w.wasmB)}` : ''}`);
  }
  console.log(`browser: ${browser.browser()?.version() ?? 'chromium'}`);
} finally {
  await browser.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
