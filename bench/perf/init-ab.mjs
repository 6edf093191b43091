// `init` of two builds of the SDK, compared page by page: pairs of first visits (each in a fresh
// browser context, the two builds' order swapped from pair to pair, each build served from its
// own loopback origin), each followed by a second visit in the same context. Reports the medians
// and interquartile ranges of `init` from the script's evaluation (as run.mjs), and the median of
// the pairs' differences with how many pairs each build won: on a shared machine single pages
// scatter by ten milliseconds, and run.mjs's A/B rounds showed a difference between its two slots
// whichever build was in them. Not part of the test command.
// Usage: PKG_B=<dir> node bench/perf/init-ab.mjs [pairs]   (default 40; PKG=<dir>, default pkg/)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve, root } from './serve.mjs';
import { launchChromium, quantile } from './common.mjs';

const PAIRS = Number(process.argv[2] || 40);
if (!process.env.PKG_B || !(PAIRS >= 1)) {
  console.error('usage: PKG_B=<dir> node bench/perf/init-ab.mjs [pairs]   (PKG=<dir>: the first build, default pkg/)');
  process.exit(2);
}
const builds = [
  { name: 'A', pkg: process.env.PKG || join(root, 'pkg') },
  { name: 'B', pkg: process.env.PKG_B },
];
for (const b of builds) {
  if (!existsSync(join(b.pkg, 'activity-capture.js')) || !existsSync(join(b.pkg, 'activity_capture_bg.wasm'))) {
    console.error(`init-ab: ${b.pkg} is not a built package (no activity-capture.js and activity_capture_bg.wasm; scripts/build.sh makes one in pkg/)`);
    process.exit(2);
  }
}
for (const b of builds) b.server = await serve({ pkg: b.pkg });
const browser = await launchChromium();

// A first visit and a second one in the same context: ms from evaluation to `init` resolved.
async function visits(build) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = `${build.server.origin}/fixture.html?mode=sdk`;
  await page.goto(url);
  const first = (await page.evaluate(() => window.benchReady)).fromEvaluation;
  await page.goto(url);
  const second = (await page.evaluate(() => window.benchReady)).fromEvaluation;
  await context.close();
  return { first, second };
}

const times = { A: { first: [], second: [] }, B: { first: [], second: [] } };
for (let i = 0; i < PAIRS; i++) {
  for (const b of i % 2 ? [builds[1], builds[0]] : builds) {
    const v = await visits(b);
    times[b.name].first.push(v.first);
    times[b.name].second.push(v.second);
  }
  process.stderr.write(`\rpair ${i + 1}/${PAIRS}`);
}
process.stderr.write('\n');
await browser.close();
for (const b of builds) b.server.close();

const f2 = (x) => x.toFixed(2);
console.log(`# init, A/B page by page (${PAIRS} pairs)\n`);
console.log(`A: ${builds[0].pkg}  \nB: ${builds[1].pkg}\n`);
console.log('| visit | A median (IQR), ms | B median (IQR), ms | A − B, median of the pairs, ms | pairs A was faster |');
console.log('|---|---:|---:|---:|---:|');
for (const visit of ['first', 'second']) {
  const a = times.A[visit];
  const b = times.B[visit];
  const d = a.map((x, i) => x - b[i]);
  const cell = (xs) => `${f2(quantile(xs, 0.5))} (${f2(quantile(xs, 0.25))}–${f2(quantile(xs, 0.75))})`;
  console.log(`| ${visit} | ${cell(a)} | ${cell(b)} | ${f2(quantile(d, 0.5))} | ${d.filter((x) => x < 0).length} of ${PAIRS} |`);
}
