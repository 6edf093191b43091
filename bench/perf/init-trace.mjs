// What a first visit's `init` compiles on the main thread, from a Chromium trace: the wasm
// functions V8 compiles lazily (each on its first call, all of it, with Liftoff) and the JS
// functions compiled lazily, between the script's evaluation and `init` resolved. Counts and
// bytes are deterministic; the durations are this machine's. With a package whose wasm keeps
// its names (build one with `wasm-opt -g`), the largest functions are named.
// Usage: PKG=<dir> node bench/perf/init-trace.mjs [pages] [rows]. Not part of the test command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve, root } from './serve.mjs';

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
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(at);
    const end = at + size;
    if (id === 0) {
      let len;
      let p;
      [len, p] = leb(at);
      if (Buffer.from(bytes.subarray(p, p + len)).toString() === 'name') {
        p += len;
        while (p < end) {
          const sub = bytes[p++];
          let subSize;
          [subSize, p] = leb(p);
          const subEnd = p + subSize;
          if (sub === 1) {
            let count;
            [count, p] = leb(p);
            for (let i = 0; i < count; i++) {
              let index;
              let n;
              [index, p] = leb(p);
              [n, p] = leb(p);
              names.set(index, Buffer.from(bytes.subarray(p, p + n)).toString().replace(/::h[0-9a-f]{16}$/, ''));
              p += n;
            }
          }
          p = subEnd;
        }
      }
    }
    at = end;
  }
  return names;
}

const names = functionNames(readFileSync(join(pkg, 'activity_capture_bg.wasm')));
const server = await serve({ pkg });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
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
