// Profiles one workload of the benchmark fixture with the SDK (CPU profile through CDP) and
// prints the functions with the most self time. PKG=<dir> picks the package (build one with
// `wasm-opt -g` to keep function names); MODE=none|floor|sdk (floor needs bench/perf/run.sh's
// build first). Usage: node bench/perf/profile.mjs clicks 20000. Not part of the test command.
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const pkg = process.env.PKG || join(root, 'pkg');
const kind='hide', count='1';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (req.method === 'POST') { let body = ''; req.on('data', (d) => (body += d)); req.on('end', () => { const ids = [...body.matchAll(/"id":"([0-9a-f]{32})"/g)].map((m) => ({ id: m[1], status: 'stored' })); res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ results: ids })); }); return; }
  const full = path.startsWith('/pkg/') ? join(pkg, path.slice(5))
    : path.startsWith('/floor/') ? join(root, 'bench/floor/pkg', path.slice(7))
    : join(root, 'bench/perf', path);
  if (path.includes('..') || !existsSync(full)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(full)] || 'application/octet-stream' });
  res.end(readFileSync(full));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/fixture.html?mode=${process.env.MODE || 'sdk'}`);
await page.evaluate(() => window.benchReady);
await page.evaluate(() => { for (let i = 0; i < 20; i++) { workload.clicks(50); workload.keys(20); workload.hide(); } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
const r = await page.evaluate(async () => { let ms = 0; for (let i = 0; i < 300; i++) { workload.clicks(20); workload.keys(10); workload.pointer(20); workload.scrolls(2); ms += workload.hide().ms; await new Promise((r) => setTimeout(r, 5)); } return { ms: ms / 300 * 1 }; });
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const dt = profile.timeDeltas;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
  self.set(name, (self.get(name) || 0) + (dt[i] || 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`${kind} x${count}: ${(r.ms * 1000 / Number(count)).toFixed(2)} µs per event (incl. dispatch), profile ${(total / 1000).toFixed(0)} ms`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(100 * us / total).toFixed(1).padStart(5)}%  ${name}`);
await browser.close();
server.close();
