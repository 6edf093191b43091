import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
const pkgs = process.argv.slice(2);
const servers = await Promise.all(pkgs.map((p) => serve({ pkg: p })));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc'] });
const W = JSON.parse(process.env.W || '{"clicks":2000,"keys":3000}');
for (let r = 0; r < 3; r++) {
  for (let i = 0; i < pkgs.length; i++) {
    const page = await browser.newPage();
    await page.goto(`${servers[i].origin}/fixture.html?mode=sdk&probe=handlers`);
    await page.evaluate(() => window.benchReady);
    await page.evaluate((w) => bench.prepare(w), W);
    await page.evaluate((w) => bench.warmUp(w), { clicks: 100, keys: 100 });
    await page.evaluate(() => bench.handlers.reset());
    const w = await page.evaluate((work) => bench.workload(work), W);
    const h = await page.evaluate(() => bench.handlers.read());
    console.log(pkgs[i].split('/').pop(), Object.entries(w).filter(([k]) => W[k]).map(([k, v]) => k + ' ' + (v.ms * 1000 / W[k]).toFixed(2)).join(' '),
      'h.click', h.click?.mean?.toFixed(2), h.click?.n, 'h.keydown', h.keydown?.mean?.toFixed(2), 'h.input', h.input?.mean?.toFixed(2));
    await page.close();
  }
}
await browser.close();
for (const s of servers) s.close?.();
process.exit(0);
