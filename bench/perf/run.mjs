// The browser benchmark: the fixture page (a) without the SDK, (b) with the floor module (the
// same listeners, closures that do nothing), (c) with the SDK, all purposes granted. Alternating
// rounds, medians with interquartile ranges, per-event cost above the baseline, the ratio (c)/(b),
// the slowest single dispatch, pagehide handling, heap growth and init time. Loopback only;
// bounded by ROUNDS (default 15). Writes bench/results/perf.{json,md}.
import http from 'node:http';
import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const ROUNDS = Number(process.env.ROUNDS || 15);
const WORK = { clicks: 2000, keys: 5000, pointer: 20000, scrolls: 1000, focus: 200 };
const MODES = ['none', 'floor', 'sdk'];

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
function file(path) {
  const map = [['/pkg/', join(root, 'pkg')], ['/floor/', join(root, 'bench/floor/pkg')], ['/', join(root, 'bench/perf')]];
  for (const [prefix, dir] of map) {
    if (path.startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      if (rest.includes('..')) return null;
      const full = join(dir, rest);
      return existsSync(full) ? full : null;
    }
  }
  return null;
}
const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const common = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (req.method === 'POST' && path === '/v1/summaries') {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const ids = [...body.matchAll(/"id":"([0-9a-f]{32})"/g)].map((m) => ({ id: m[1], status: 'stored' }));
      res.writeHead(200, { ...common, 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: ids }));
    });
    return;
  }
  const f = file(path);
  if (!f) { res.writeHead(404, common); res.end(); return; }
  res.writeHead(200, { ...common, 'content-type': types[extname(f)] || 'application/octet-stream' });
  res.end(readFileSync(f));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
});

async function round(mode) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${origin}/fixture.html?mode=${mode}`);
  const initMs = await page.evaluate(() => window.benchReady);
  // Warm-up, so every mode is measured with optimised code paths.
  await page.evaluate(() => { workload.clicks(100); workload.keys(100); workload.pointer(500); workload.scrolls(50); workload.focus(10); });
  await cdp.send('HeapProfiler.collectGarbage');
  const heapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const out = { initMs };
  for (const [kind, n] of Object.entries(WORK)) {
    out[kind] = await page.evaluate(([k, count]) => workload[k](count), [kind, n]);
  }
  await cdp.send('HeapProfiler.collectGarbage');
  out.heapGrowth = (await cdp.send('Runtime.getHeapUsage')).usedSize - heapBefore;
  out.hide = await page.evaluate(() => workload.hide());
  await context.close();
  return out;
}

const samples = Object.fromEntries(MODES.map((m) => [m, []]));
for (let r = 0; r < ROUNDS; r++) {
  const order = MODES.map((_, i) => MODES[(i + r) % MODES.length]); // rotate to spread drift
  for (const mode of order) samples[mode].push(await round(mode));
  process.stderr.write(`round ${r + 1}/${ROUNDS}\r`);
}
await browser.close();
server.close();

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); const p = (s.length - 1) * q; const lo = Math.floor(p); return s[lo] + (s[Math.ceil(p)] - s[lo]) * (p - lo); };
const stat = (xs) => ({ median: quantile(xs, 0.5), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75) });
const perEvent = (mode, kind) => samples[mode].map((s) => (s[kind].ms * 1000) / WORK[kind]);
const result = { rounds: ROUNDS, workload: WORK, chromium: browser.version?.() ?? 'chromium', categories: {}, init: {}, heapGrowth: {}, hide: {}, worst: {} };
for (const kind of Object.keys(WORK)) {
  const base = stat(perEvent('none', kind));
  const c = { baseline_us: base };
  for (const mode of ['floor', 'sdk']) {
    const s = stat(perEvent(mode, kind));
    c[mode] = { ...s, above_baseline_us: s.median - base.median };
  }
  c.ratio_sdk_over_floor = c.floor.above_baseline_us > 0 ? c.sdk.above_baseline_us / c.floor.above_baseline_us : null;
  result.categories[kind] = c;
}
for (const mode of MODES) {
  result.init[mode] = stat(samples[mode].map((s) => s.initMs));
  result.heapGrowth[mode] = stat(samples[mode].map((s) => s.heapGrowth));
  result.hide[mode] = stat(samples[mode].map((s) => s.hide.ms));
  result.worst[mode] = Math.max(...samples[mode].flatMap((s) => Object.keys(WORK).map((k) => s[k].worst)));
}
const sizes = (() => { try { return readFileSync(join(root, 'bench/results/sizes.txt'), 'utf8'); } catch { return ''; } })();
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/perf.json'), JSON.stringify(result, null, 2));
const f2 = (x) => x.toFixed(2);
let md = `# Browser benchmark (${ROUNDS} alternating rounds, headless Chromium, synthetic events)\n\n`;
md += '| category | events | baseline µs/event (IQR) | floor above baseline | SDK above baseline (IQR) | SDK / floor |\n|---|---:|---:|---:|---:|---:|\n';
for (const [kind, c] of Object.entries(result.categories)) {
  md += `| ${kind} | ${WORK[kind]} | ${f2(c.baseline_us.median)} (${f2(c.baseline_us.q1)}–${f2(c.baseline_us.q3)}) | ${f2(c.floor.above_baseline_us)} | ${f2(c.sdk.above_baseline_us)} (${f2(c.sdk.q1 - c.baseline_us.median)}–${f2(c.sdk.q3 - c.baseline_us.median)}) | ${c.ratio_sdk_over_floor == null ? 'n/a' : f2(c.ratio_sdk_over_floor)} |\n`;
}
md += `\n| | none | floor | SDK |\n|---|---:|---:|---:|\n`;
md += `| init to ready, ms (median) | ${f2(result.init.none.median)} | ${f2(result.init.floor.median)} | ${f2(result.init.sdk.median)} |\n`;
md += `| JS heap growth over the workload, KiB (median) | ${f2(result.heapGrowth.none.median / 1024)} | ${f2(result.heapGrowth.floor.median / 1024)} | ${f2(result.heapGrowth.sdk.median / 1024)} |\n`;
md += `| pagehide handling, ms (median) | ${f2(result.hide.none.median)} | ${f2(result.hide.floor.median)} | ${f2(result.hide.sdk.median)} |\n`;
md += `| slowest single dispatch, µs | ${f2(result.worst.none)} | ${f2(result.worst.floor)} | ${f2(result.worst.sdk)} |\n`;
if (sizes) md += `\n## Size\n\n\`\`\`\n${sizes}\`\`\`\n`;
writeFileSync(join(root, 'bench/results/perf.md'), md);
console.log(md);
