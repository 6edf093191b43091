// Runs the wasm harness in headless Chromium (Debian's /usr/bin/chromium through npm
// playwright-core) and prints MB/s for the redactor beside a JS RegExp baseline measured in the
// same page. Build first with ./build-wasm.sh. Usage: node run-browser.mjs [seconds-per-workload]
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, 'www');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8' };
const server = createServer(async (req, res) => {
  const path = join(root, new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html'));
  if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
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
  const seconds = Number(process.argv[2] ?? 2);
  const r = await page.evaluate((ms) => window.runBench(ms), seconds * 1000);
  console.log(`sanity: ${r.check}`);
  console.log('workload      bytes   wasm redactor MB/s   JS RegExp baseline MB/s   ratio');
  for (const name of ['corpus', 'prose']) {
    const w = r[name];
    console.log(`${name.padEnd(10)} ${String(w.bytes).padStart(8)}   ${w.wasm.mbps.toFixed(1).padStart(18)}   ${w.jsRegExp.mbps.toFixed(1).padStart(23)}   ${(w.wasm.mbps / w.jsRegExp.mbps).toFixed(2).padStart(5)}x`);
  }
  console.log(`browser: ${browser.browser()?.version() ?? 'chromium'}`);
} finally {
  await browser.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
