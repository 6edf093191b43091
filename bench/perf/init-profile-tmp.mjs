import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve, root } from './serve.mjs';
const server = await serve({ pkg: process.env.PKG || join(root, 'pkg') });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const agg = new Map(); const times = [];
const N = Number(process.env.N || 5);
for (let r = 0; r < N; r++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 20 });
  await cdp.send('Profiler.start');
  await page.goto(`${server.origin}/fixture.html?mode=${process.env.MODE || 'sdk'}`);
  const init = await page.evaluate(() => window.benchReady);
  const { profile } = await cdp.send('Profiler.stop');
  times.push(init.fromEvaluation);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] || 0;
    const n = byId.get(profile.samples[i]);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
    if (name.startsWith('(idle)')) continue;
    agg.set(name, (agg.get(name) || 0) + (profile.timeDeltas[i] || 0));
  }
  await context.close();
}
console.log('init from evaluation ms:', times.map((t) => t.toFixed(1)).join(' '));
for (const [name, us] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000 / N).toFixed(3)} ms  ${name}`);
await browser.close(); server.close();
