// The per-event cost of the SDK measured in one page: batches with the SDK running and with it
// stopped (`stop()` removes every listener) alternate, and each batch with the SDK is paired
// with the batch without it next to it. Both sides share the page, its JIT state and the
// machine's load of that moment, so the paired differences stay readable on a busy machine,
// where run.mjs's separate pages scatter. It measures the SDK against no SDK only (not against
// the floor module, which cannot be stopped). Not part of the test command.
// Usage: node bench/perf/paired.mjs [pairs]   (default 30; PKG=<dir> picks the package)
import { join } from 'node:path';
import { serve, root } from './serve.mjs';
import { launchChromium, quantile } from './common.mjs';

const PAIRS = Number(process.argv[2] || 30);
const BATCH = { clicks: 200, keys: 100, pointer: 1000, scrolls: 200 };
const server = await serve({ pkg: process.env.PKG || join(root, 'pkg') });
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${server.origin}/fixture.html?mode=sdk`);
await page.evaluate(() => window.benchReady);
const samples = await page.evaluate(async ([pairs, batch]) => {
  const options = {
    endpoint: location.origin, app: 'bench', ingestKey: 'ik_bench_0000',
    purposes: { interaction: 'i', typing: 't', pointer: 'p', navigation: 'n' },
    dialog: false, acceptUntrusted: true,
  };
  const perEvent = async (kind) => { const r = await workload[kind](batch[kind], batch[kind]); return (r.ms * 1000) / r.n; };
  const out = Object.fromEntries(Object.keys(batch).map((k) => [k, { on: [], off: [] }]));
  for (const kind of Object.keys(batch)) await perEvent(kind); // warm-up, SDK running
  for (let i = 0; i < pairs; i++) {
    // Alternate which side goes first, so drift within a pair cancels over pairs.
    for (const side of i % 2 ? ['off', 'on'] : ['on', 'off']) {
      if (side === 'off' && window.sdk) { window.sdk.stop(); window.sdk = null; }
      if (side === 'on' && !window.sdk) {
        window.sdk = await ActivityCapture.init(options);
        window.sdk.setConsent({ interaction: true, typing: true, pointer: true, navigation: true });
        for (const kind of Object.keys(batch)) await workload[kind](20); // the new listeners' first calls
      }
      for (const kind of Object.keys(batch)) out[kind][side].push(await perEvent(kind));
    }
  }
  return out;
}, [PAIRS, BATCH]);
await browser.close();
server.close();

const f2 = (x) => x.toFixed(2);
let md = `| category | events per batch | without SDK, µs/event (median) | with SDK | SDK above baseline, paired median (IQR) |\n|---|---:|---:|---:|---:|\n`;
for (const [kind, { on, off }] of Object.entries(samples)) {
  const diff = on.map((x, i) => x - off[i]);
  md += `| ${kind} | ${BATCH[kind]} | ${f2(quantile(off, 0.5))} | ${f2(quantile(on, 0.5))} | ${f2(quantile(diff, 0.5))} (${f2(quantile(diff, 0.25))}–${f2(quantile(diff, 0.75))}) |\n`;
}
console.log(`# Paired in-page benchmark (${PAIRS} pairs of batches, headless Chromium, synthetic events)\n\n${md}`);
