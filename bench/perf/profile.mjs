// Profiles one workload of the benchmark fixture with the SDK (CPU profile through CDP) and
// prints the functions with the most self time. PKG=<dir> picks the package (build one with
// `wasm-opt -g` to keep function names); MODE=none|floor|sdk (floor needs bench/perf/run.sh's
// build first). Usage: node bench/perf/profile.mjs clicks 20000. Not part of the test command.
import { join } from 'node:path';
import { serve, root } from './serve.mjs';
import { launchChromium } from './common.mjs';

const [kind = 'clicks', count = '20000'] = process.argv.slice(2);
const server = await serve({ pkg: process.env.PKG || join(root, 'pkg') });
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${server.origin}/fixture.html?mode=${process.env.MODE || 'sdk'}`);
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
