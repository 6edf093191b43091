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
const [kind = 'clicks', count = '20000'] = process.argv.slice(2);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (req.method === 'POST') { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"results":[]}'); }); return; }
  const full = path.startsWith('/pkg/') ? join(pkg, path.slice(5))
    : path.startsWith('/floor/') ? join(root, 'bench/floor/pkg', path.slice(7))
    : join(root, 'bench/perf', path);
  if (path.includes('..') || !existsSync(full)) { res.writeHead(404); res.end(); return; }
  // Cross-origin isolated, as in run.mjs: the workload times each dispatch, which needs the
  // 5 µs clock (100 µs otherwise).
  res.writeHead(200, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'content-type': types[extname(full)] || 'application/octet-stream' });
  res.end(readFileSync(full));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/fixture.html?mode=${process.env.MODE || 'sdk'}`);
await page.evaluate(() => window.benchReady);
await page.evaluate(([k, n]) => window.workload[k](n), [kind, 2000]); // warm up
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
const r = await page.evaluate(([k, n]) => window.workload[k](n), [kind, Number(count)]);
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
console.log(`${kind} x${count}: ${(r.ms * 1000 / Number(count)).toFixed(2)} µs per event in dispatchEvent, profile ${(total / 1000).toFixed(0)} ms`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(100 * us / total).toFixed(1).padStart(5)}%  ${name}`);
await browser.close();
server.close();
