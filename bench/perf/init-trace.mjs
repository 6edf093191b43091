// What a first visit's `init` compiles on the main thread, from a Chromium trace: the wasm
// functions V8 compiles lazily (each on its first call, all of it, with Liftoff) and the JS
// functions compiled lazily, between the script's evaluation and `init` resolved. Counts and
// bytes are deterministic; the durations are this machine's. With a package whose wasm keeps
// its names (build one with `wasm-opt -g`), the largest functions are named.
// Usage: PKG=<dir> node bench/perf/init-trace.mjs [pages] [rows]. Not part of the test command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, root } from './serve.mjs';
import { launchChromium } from './common.mjs';

const [pages = '3', rows = '15'] = process.argv.slice(2);
const pkg = process.env.PKG || join(root, 'pkg');

// Function names from the wasm's name section (function index → name), if it has one.
function functionNames(bytes) {
  const names = new Map();
  const leb = (at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return [value, at];
    }
  };
  // A length-prefixed string at `at`, and where it ends.
  const text = (at) => {
    const [n, from] = leb(at);
    return [Buffer.from(bytes.subarray(from, from + n)).toString(), from + n];
  };
  // The module's sections, and the name section's subsections, share one layout: an id byte,
  // the payload's size, the payload. Yields [id, payload start, payload end].
  function* parts(at, end) {
    while (at < end) {
      const id = bytes[at];
      const [size, from] = leb(at + 1);
      yield [id, from, from + size];
      at = from + size;
    }
  }
  for (const [id, from, to] of parts(8, bytes.length)) {
    if (id !== 0) continue;
    const [title, payload] = text(from);
    if (title !== 'name') continue;
    for (const [sub, subFrom] of parts(payload, to)) {
      if (sub !== 1) continue; // function names
      let [count, p] = leb(subFrom);
      for (; count > 0; count--) {
        let index;
        let name;
        [index, p] = leb(p);
        [name, p] = text(p);
        names.set(index, name.replace(/::h[0-9a-f]{16}$/, ''));
      }
    }
  }
  return names;
}

const names = functionNames(readFileSync(join(pkg, 'activity_capture_bg.wasm')));
const server = await serve({ pkg });
const browser = await launchChromium();
const categories = ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed'];
const sizes = new Map(); // function index → body bytes
const perPage = [];
for (let r = 0; r < Number(pages); r++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await browser.startTracing(page, { categories });
  await page.goto(`${server.origin}/fixture.html?mode=sdk`);
  const ready = await page.evaluate(() => window.benchReady);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => e.tid));
  const evaluation = events.find((e) => e.name === 'EvaluateScript' && /activity-capture\.js/.test(e.args?.data?.url || ''));
  if (!evaluation) throw new Error('no evaluation of activity-capture.js in the trace');
  const from = evaluation.ts;
  const to = from + ready.fromEvaluation * 1000;
  const inside = events.filter((e) => e.ph === 'X' && main.has(e.tid) && e.ts >= from && e.ts <= to);
  const wasm = inside.filter((e) => e.name === 'wasm.CompileBaseline');
  for (const e of wasm) sizes.set(e.args.funcIndex, e.args.bodySize);
  const ms = (name) => inside.filter((e) => e.name === name).reduce((a, e) => a + e.dur, 0) / 1000;
  perPage.push({
    init: ready.fromEvaluation,
    wasmFunctions: wasm.length,
    wasmBytes: wasm.reduce((a, e) => a + e.args.bodySize, 0),
    wasmLazyMs: ms('wasm.CompileLazy'),
    wasmCompileMs: ms('wasm.CompileBaseline'),
    jsFunctions: inside.filter((e) => e.name === 'V8.CompileCode').length,
    jsMs: ms('V8.CompileCode'),
  });
}
await browser.close();
server.close();

console.log('| page | init from evaluation, ms | wasm functions compiled | their bytes | wasm.CompileLazy ms (of which Liftoff) | JS functions compiled | ms |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
perPage.forEach((p, i) => console.log(`| ${i + 1} | ${p.init.toFixed(1)} | ${p.wasmFunctions} | ${p.wasmBytes} | ${p.wasmLazyMs.toFixed(2)} (${p.wasmCompileMs.toFixed(2)}) | ${p.jsFunctions} | ${p.jsMs.toFixed(2)} |`));
console.log(`\nLargest wasm functions compiled in init (bytes${names.size ? '' : '; the wasm has no names: PKG=<a build with wasm-opt -g>'}):`);
for (const [index, bytes] of [...sizes].sort((a, b) => b[1] - a[1]).slice(0, Number(rows))) {
  console.log(`${String(bytes).padStart(7)}  ${names.get(index) || `function ${index}`}`);
}
