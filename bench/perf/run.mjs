// The browser benchmark: the fixture page (a) without the SDK, (b) with the floor module (the
// same listeners, closures that do nothing), (c) with the SDK, all purposes granted. Alternating
// rounds, medians with interquartile ranges, per-event cost above the baseline (two statistics),
// the ratio (c)/(b), the slowest single dispatch (p99.9 and max), the slowest handler call (probe
// pages timing each listener), long tasks, wasm linear memory, trusted input through the
// browser's own pipeline, pagehide handling, heap growth and init time.
// Loopback only; bounded by ROUNDS (default 15), TRUSTED_ROUNDS (default 5; 0 skips it) and
// HANDLER_ROUNDS (default 3; 0 skips the probe);
// START=parse loads the module while the page is still loading (the default waits for load).
// Writes bench/results/perf.{json,md}. See bench/perf/README.md.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, root } from './serve.mjs';
import { launchChromium, quantile } from './common.mjs';

const ROUNDS = Number(process.env.ROUNDS || 15);
// Trusted input takes a CDP round trip per event: it runs in the first TRUSTED_ROUNDS rounds.
const TRUSTED_ROUNDS = Math.min(ROUNDS, Number(process.env.TRUSTED_ROUNDS ?? 5));
const TRUSTED = TRUSTED_ROUNDS > 0;
// Lone clicks and key sequences come last: they move the page's clock on (fixture.js).
const WORK = { clicks: 2000, submits: 100, keys: 5000, pointer: 20000, scrolls: 1000, focus: 200, lone_clicks: 100, lone_keys: 100 };
const WARM = { clicks: 100, submits: 10, keys: 100, pointer: 500, scrolls: 50, focus: 10 };
const TRUSTED_WORK = { clicks: 200, keys: 500, moves: 1000 };
const IDLE_MS = 1000;
const MODES = ['none', 'floor', 'sdk'];

// PKG=<dir> measures another build of the SDK (e.g. an older commit's pkg/) in the same harness.
const server = await serve(process.env.PKG ? { pkg: process.env.PKG } : {});
const origin = server.origin;
// PKG_B=<dir>: an A/B run. The floor module's place in every round (and its columns) goes to the
// SDK built in <dir>, served from a second loopback origin, so the two builds alternate round by
// round under the same conditions; on a shared machine, figures from separate runs drift more
// than most changes move them.
const serverB = process.env.PKG_B ? await serve({ pkg: process.env.PKG_B }) : null;
// FLOOR=js: the floor module's place (and its columns) goes to empty JS listeners on the same
// events, the first row of the issue's reference table (measured on another machine): how this
// host compares with that one, so that the absolute targets can be read against it.
const FLOOR_JS = !serverB && process.env.FLOOR === 'js';
const FLOOR = serverB ? 'B' : FLOOR_JS ? 'empty JS' : 'floor';
// Modes without a module of their own: no script to evaluate, no wasm memory.
const noModule = (mode) => mode === 'none' || (FLOOR_JS && mode === 'floor');
const pageUrl = (mode, extra = '') => (serverB && mode === 'floor'
  ? `${serverB.origin}/fixture.html?mode=sdk${extra}`
  : `${origin}/fixture.html?mode=${FLOOR_JS && mode === 'floor' ? 'js' : mode}${extra}`);

const browser = await launchChromium(['--js-flags=--expose-gc']);

// Trusted input through Playwright (CDP Input.*), measured in the page (bench.trusted).
async function trusted(page) {
  const out = {};
  await page.evaluate(() => window.scrollTo(0, 0));
  const boxes = await page.evaluate(() => [...document.querySelectorAll('#rows button')]
    .map((b) => b.getBoundingClientRect())
    .filter((r) => r.top >= 0 && r.bottom <= innerHeight)
    .map((r) => [r.left + r.width / 2, r.top + r.height / 2]));
  await page.evaluate(() => bench.trusted.start(['click']));
  for (let i = 0; i < TRUSTED_WORK.clicks; i++) {
    const [x, y] = boxes[i % boxes.length];
    await page.mouse.click(x, y);
  }
  out.clicks = await page.evaluate(() => bench.trusted.stop(['click']));
  await page.evaluate(() => { const f = document.getElementById('field'); f.value = ''; f.focus(); });
  await page.evaluate(() => bench.trusted.start(['keydown', 'input']));
  let text = '';
  for (let i = 0; i < TRUSTED_WORK.keys; i++) text += String.fromCharCode(97 + (i % 26));
  await page.keyboard.type(text);
  out.keys = await page.evaluate(() => bench.trusted.stop(['keydown', 'input']));
  await page.evaluate(() => bench.trusted.start(['pointermove']));
  for (let i = 0; i < TRUSTED_WORK.moves; i++) await page.mouse.move(100 + ((i * 7) % 900), 120 + ((i * 13) % 500));
  out.moves = await page.evaluate(() => bench.trusted.stop(['pointermove']));
  return out;
}

async function round(mode, withTrusted) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const url = pageUrl(mode, process.env.START ? `&start=${encodeURIComponent(process.env.START)}` : '');
  await page.goto(url);
  const init = await page.evaluate(() => window.benchReady);
  await page.evaluate((w) => bench.prepare(w), WORK);
  // Warm-up, so every mode is measured with optimised code paths.
  await page.evaluate((w) => bench.warmUp(w), WARM);
  await cdp.send('HeapProfiler.collectGarbage');
  const heapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const pagesBefore = await page.evaluate(() => bench.memoryPages());
  const w = await page.evaluate((work) => bench.workload(work), WORK);
  const out = { init };
  for (const kind of Object.keys(WORK)) out[kind] = w[kind];
  await cdp.send('HeapProfiler.collectGarbage');
  out.heapGrowth = (await cdp.send('Runtime.getHeapUsage')).usedSize - heapBefore;
  const pagesAfter = await page.evaluate(() => bench.memoryPages());
  // An idle second, when the SDK's timers may run.
  const idleEnd = await page.evaluate((ms) => bench.idle(ms), IDLE_MS);
  const pagesIdle = await page.evaluate(() => bench.memoryPages());
  out.pages = { before: pagesBefore, after: pagesAfter, afterIdle: pagesIdle };
  if (withTrusted) {
    out.trusted = await trusted(page);
    out.pages.afterTrusted = await page.evaluate(() => bench.memoryPages());
  }
  out.longTasks = await page.evaluate(([a, b, kinds]) => ({
    init: bench.longTasks(a.start, a.ready),
    workload: bench.longTasks(b.start, b.end),
    idle: bench.longTasks(b.end, b.idleEnd),
    byCategory: Object.fromEntries(kinds.map(([k, from, to]) => [k, bench.longTasks(from, to)])),
  }), [init.at, { start: w.start, end: w.end, idleEnd }, Object.keys(WORK).map((k) => [k, w[k].start, w[k].end])]);
  out.hide = await page.evaluate(() => workload.hide());
  // The next visit in the same profile: the HTTP cache and V8's code caches are warm, and the
  // consent given on the first visit is stored (so capture begins inside init).
  await page.goto(url);
  out.initRepeat = await page.evaluate(() => window.benchReady);
  await context.close();
  return out;
}

// The handler probe: pages of their own (probe=handlers: each of the SDK's and the floor's
// listeners timed by a wrapper), after warm-up, the standard workload, then a pagehide.
const HANDLER_ROUNDS = Number(process.env.HANDLER_ROUNDS ?? 3);
async function handlerProbe(mode) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pageUrl(mode, '&probe=handlers'));
  await page.evaluate(() => window.benchReady);
  await page.evaluate((w) => bench.prepare(w), WORK);
  await page.evaluate((w) => bench.warmUp(w), WARM);
  const out = { synthetic: null, trusted: null };
  if (TRUSTED) {
    // Trusted input (as in the rounds, but timed per handler): where its cold cost goes.
    await page.evaluate(() => bench.handlers.reset());
    await trusted(page);
    out.trusted = await page.evaluate(() => bench.handlers.read());
  }
  await page.evaluate(() => bench.handlers.reset());
  await page.evaluate((work) => bench.workload(work), WORK);
  // Hidden (the first send of the page: its windows close and go out), shown, then pagehide.
  await page.evaluate(() => workload.hidden());
  await page.evaluate(() => workload.hide());
  out.synthetic = await page.evaluate(() => bench.handlers.read());
  // The same workload again in the same page: the steady state, once V8's one-off work for the
  // page's first few thousand events is done (compiling the JS-to-wasm wrappers, tiering up
  // the listeners' JS), which lands inside a few handler calls of the first run.
  await page.evaluate(() => bench.handlers.reset());
  await page.evaluate((work) => bench.workload(work), WORK);
  out.steady = await page.evaluate(() => bench.handlers.read());
  await context.close();
  return out;
}

const samples = Object.fromEntries(MODES.map((m) => [m, []]));
const started = Date.now();
for (let r = 0; r < ROUNDS; r++) {
  const order = MODES.map((_, i) => MODES[(i + r) % MODES.length]); // rotate to spread drift
  for (const mode of order) samples[mode].push(await round(mode, r < TRUSTED_ROUNDS));
  process.stderr.write(`round ${r + 1}/${ROUNDS} (${((Date.now() - started) / 1000).toFixed(0)} s)\r`);
}
const handlerSamples = { floor: [], sdk: [] };
for (let r = 0; r < HANDLER_ROUNDS; r++) for (const mode of ['floor', 'sdk']) handlerSamples[mode].push(await handlerProbe(mode));
process.stderr.write('\n');
const version = browser.version();
await browser.close();
server.close();
if (serverB) serverB.close();

// --- Statistics --------------------------------------------------------------------------------
const stat = (xs) => ({ median: quantile(xs, 0.5), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75) });
const median = (xs) => quantile(xs, 0.5);
// Per-event µs above the baseline for floor and SDK, from one per-round figure.
function above(figure, pick = (m) => samples[m]) {
  const base = stat(pick('none').map(figure));
  const c = { baseline_us: base };
  for (const mode of ['floor', 'sdk']) {
    const s = stat(pick(mode).map(figure));
    c[mode] = { ...s, above_baseline_us: s.median - base.median };
  }
  c.ratio_sdk_over_floor = c.floor.above_baseline_us > 0 ? c.sdk.above_baseline_us / c.floor.above_baseline_us : null;
  return c;
}
const result = {
  rounds: ROUNDS, workload: WORK, trusted_workload: TRUSTED ? TRUSTED_WORK : null, trusted_rounds: TRUSTED_ROUNDS,
  load_start: process.env.START === 'parse' ? 'while the page parses' : 'after the page\'s load event and a frame', chromium: version,
  categories: {}, categories_batch_median: {}, slowest_us: {}, trusted: {},
  init: {}, init_from_evaluation: {}, init_repeat_from_evaluation: {}, init_from_response_end: {}, init_phases: {}, heapGrowth: {}, wasm_pages: {}, long_tasks: {}, hide: {}, worst: {},
};
for (const kind of Object.keys(WORK)) {
  // (1) total dispatch time / events, per round.
  result.categories[kind] = above((s) => (s[kind].ms * 1000) / WORK[kind]);
  // (2) median of the round's batch means, per round.
  result.categories_batch_median[kind] = above((s) => median(s[kind].batchMeans));
  result.slowest_us[kind] = Object.fromEntries(MODES.map((m) => [m, {
    p999_median: median(samples[m].map((s) => s[kind].p999)),
    max: Math.max(...samples[m].map((s) => s[kind].worst)),
  }]));
}
if (TRUSTED) {
  const per = (s, group, type) => (s.trusted[group][type].n ? (s.trusted[group][type].ms * 1000) / s.trusted[group][type].n : NaN);
  const figures = {
    click: (s) => per(s, 'clicks', 'click'),
    keydown: (s) => per(s, 'keys', 'keydown'),
    input: (s) => per(s, 'keys', 'input'),
    // One typed key: its keydown and its input event, per key typed.
    key: (s) => ((s.trusted.keys.keydown.ms + s.trusted.keys.input.ms) * 1000) / TRUSTED_WORK.keys,
    pointermove: (s) => per(s, 'moves', 'pointermove'),
  };
  const withTrusted = (m) => samples[m].filter((s) => s.trusted);
  for (const [name, f] of Object.entries(figures)) result.trusted[name] = above(f, withTrusted);
  result.trusted.dispatched = Object.fromEntries(MODES.map((m) => [m, {
    click: median(withTrusted(m).map((s) => s.trusted.clicks.click.n)),
    keydown: median(withTrusted(m).map((s) => s.trusted.keys.keydown.n)),
    input: median(withTrusted(m).map((s) => s.trusted.keys.input.n)),
    pointermove: median(withTrusted(m).map((s) => s.trusted.moves.pointermove.n)),
  }]));
}
const phaseNames = Object.keys(samples.sdk[0].init.phases).filter((k) => k !== 'crossOriginIsolated');
for (const mode of MODES) {
  const ss = samples[mode];
  result.init[mode] = stat(ss.map((s) => s.init.fromInsertion));
  result.init_from_evaluation[mode] = noModule(mode) ? null : stat(ss.map((s) => s.init.fromEvaluation));
  result.init_repeat_from_evaluation[mode] = noModule(mode) ? null : stat(ss.map((s) => s.initRepeat.fromEvaluation));
  result.init_from_response_end[mode] = noModule(mode) ? null : stat(ss.map((s) => s.init.fromResponseEnd));
  result.init_phases[mode] = Object.fromEntries(phaseNames.map((k) => [k, ss[0].init.phases[k] == null ? null : median(ss.map((s) => s.init.phases[k]))]));
  result.init_phases[mode].crossOriginIsolated = ss[0].init.phases.crossOriginIsolated;
  result.heapGrowth[mode] = stat(ss.map((s) => s.heapGrowth));
  result.hide[mode] = stat(ss.map((s) => s.hide.ms));
  result.worst[mode] = Math.max(...ss.flatMap((s) => Object.keys(WORK).map((k) => s[k].worst)));
  if (!noModule(mode)) {
    const pg = (k) => ss.map((s) => s.pages[k]);
    result.wasm_pages[mode] = {
      after_warmup: median(pg('before')), after_workload: median(pg('after')), after_idle: median(pg('afterIdle')),
      after_trusted: TRUSTED ? median(pg('afterTrusted').filter((x) => x !== undefined)) : null,
      growth_over_workload_max: Math.max(...ss.map((s) => s.pages.after - s.pages.before)),
      growth_to_end_max: Math.max(...ss.map((s) => (s.pages.afterTrusted ?? s.pages.afterIdle) - s.pages.before)),
    };
  }
  result.long_tasks[mode] = Object.fromEntries(['init', 'workload', 'idle'].map((ph) => [ph, {
    count: ss.reduce((a, s) => a + s.longTasks[ph].count, 0),
    ms: ss.reduce((a, s) => a + s.longTasks[ph].ms, 0),
    rounds: ss.length,
  }]));
  result.long_tasks[mode].workload_by_category = Object.fromEntries(Object.keys(WORK).map((k) => [k, {
    count: ss.reduce((a, s) => a + s.longTasks.byCategory[k].count, 0),
    ms: ss.reduce((a, s) => a + s.longTasks.byCategory[k].ms, 0),
  }]));
  result.long_tasks[mode].observer = ss[0].longTasks.init.dropped === -1 ? 'unsupported' : 'ok';
}

// Per event type: calls per round, median over rounds of mean and p99.9, max over all rounds.
const handlerStats = (input) => Object.fromEntries(['floor', 'sdk'].map((mode) => {
  const rounds = handlerSamples[mode].map((s) => s[input]).filter(Boolean);
  const types = [...new Set(rounds.flatMap((s) => Object.keys(s)))];
  return [mode, Object.fromEntries(types.map((t) => {
    const ss = rounds.map((s) => s[t]).filter(Boolean);
    return [t, { calls: median(ss.map((x) => x.n)), dropped: Math.max(...ss.map((x) => x.dropped)), mean_us: median(ss.map((x) => x.mean)), p999_us: median(ss.map((x) => x.p999)), max_us: Math.max(...ss.map((x) => x.max)) }];
  }))];
}));
result.handlers = handlerStats('synthetic');
result.handlers_steady = handlerStats('steady');
result.handlers_trusted = TRUSTED ? handlerStats('trusted') : null;
result.handler_rounds = HANDLER_ROUNDS;

// --- Output ------------------------------------------------------------------------------------
const sizes = (() => { try { return readFileSync(join(root, 'bench/results/sizes.txt'), 'utf8'); } catch { return ''; } })();
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/perf.json'), JSON.stringify(result, null, 2));
const f2 = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const iqr = (x) => (x ? `${f2(x.median)} (${f2(x.q1)}–${f2(x.q3)})` : 'n/a');
const f1 = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(1));
const TARGET = { lone_clicks: '–', lone_keys: '–', submits: '–', clicks: '≤ 2', keys: '≤ 3.5', pointer: '≤ 0.6', scrolls: '≤ 1.2', focus: '–', click: '≤ 2', key: '≤ 3.5', pointermove: '≤ 0.6', keydown: '–', input: '–' };
function table(title, cats, count) {
  let t = `${title}\n\n| category | events | baseline µs/event (IQR) | ${FLOOR} above baseline | SDK above baseline (IQR) | SDK / ${FLOOR} | target (SDK above baseline; SDK / floor ≤ 1.5) |\n|---|---:|---:|---:|---:|---:|---:|\n`;
  for (const [kind, c] of Object.entries(cats)) {
    if (!c.baseline_us) continue;
    t += `| ${kind} | ${count(kind)} | ${f2(c.baseline_us.median)} (${f2(c.baseline_us.q1)}–${f2(c.baseline_us.q3)}) | ${f2(c.floor.above_baseline_us)} | ${f2(c.sdk.above_baseline_us)} (${f2(c.sdk.q1 - c.baseline_us.median)}–${f2(c.sdk.q3 - c.baseline_us.median)}) | ${c.ratio_sdk_over_floor == null ? 'n/a' : f2(c.ratio_sdk_over_floor)} | ${TARGET[kind] || '–'} |\n`;
  }
  return t + '\n';
}
let md = `# Browser benchmark (${ROUNDS} alternating rounds, headless ${version}, synthetic events)\n\n`;
if (FLOOR_JS) md += '**Calibration run**: the columns named "empty JS" are empty JS listeners on the floor module\'s events (in its place): the issue\'s reference machine measured them at ~0.25–0.7 µs per click, ~2.7 per key sequence, ~0.4 per pointer move.\n\n';
if (serverB) md += `**A/B run**: the columns named B are the SDK built in \`${process.env.PKG_B}\` (in the floor module's place), the SDK columns the one in \`${process.env.PKG || 'pkg/'}\`.\n\n`;
md += 'Per-event figures are µs spent in `dispatchEvent` (the event is built before the clock starts). "Above baseline" is the mode\'s median minus the no-SDK median. See bench/perf/README.md.\n\n';
md += table('## Per-event cost (A): total dispatch time / events, median over rounds', result.categories, (k) => WORK[k]);
md += table('## Per-event cost (B): median of the round\'s batch means, median over rounds', result.categories_batch_median, (k) => WORK[k]);
md += `## Slowest single dispatch, µs (p99.9: median over rounds; max: over all rounds). Target: SDK ≤ 50 µs\n\n| category | none p99.9 | none max | ${FLOOR} p99.9 | ${FLOOR} max | SDK p99.9 | SDK max |\n|---|---:|---:|---:|---:|---:|---:|\n`;
for (const [kind, s] of Object.entries(result.slowest_us)) {
  md += `| ${kind} | ${f1(s.none.p999_median)} | ${f1(s.none.max)} | ${f1(s.floor.p999_median)} | ${f1(s.floor.max)} | ${f1(s.sdk.p999_median)} | ${f1(s.sdk.max)} |\n`;
}
md += '\n';
if (TRUSTED) {
  const d = result.trusted.dispatched;
  md += table(`## Trusted input (Playwright mouse/keyboard; ${TRUSTED_WORK.clicks} clicks, ${TRUSTED_WORK.keys} keys typed, ${TRUSTED_WORK.moves} mouse moves per round), µs in dispatch per event, measured in the page`,
    Object.fromEntries(Object.entries(result.trusted).filter(([k]) => k !== 'dispatched')),
    (k) => (k === 'key' ? `${TRUSTED_WORK.keys} keys` : `${d.sdk[k]} (SDK)`));
}
function handlerTable(title, stats) {
  let t = `${title}\n\n| event type | SDK calls per round | SDK mean | SDK p99.9 | SDK max | ${FLOOR} mean | ${FLOOR} p99.9 | ${FLOOR} max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n`;
  for (const [type, h] of Object.entries(stats.sdk)) {
    const fl = stats.floor[type];
    t += `| ${type} | ${h.calls}${h.dropped ? ` (${h.dropped} not timed)` : ''} | ${f2(h.mean_us)} | ${f1(h.p999_us)} | ${f1(h.max_us)} | ${fl ? f2(fl.mean_us) : 'n/a'} | ${fl ? f1(fl.p999_us) : 'n/a'} | ${fl ? f1(fl.max_us) : 'n/a'} |\n`;
  }
  return t + '\n';
}
if (HANDLER_ROUNDS > 0) {
  if (TRUSTED) md += handlerTable(`## Handler calls under trusted input, µs (probe pages, ${HANDLER_ROUNDS} rounds: the trusted workload right after warm-up)`, result.handlers_trusted);
  md += handlerTable(`## Handler calls, µs (probe pages: each listener of the SDK and of the floor module timed by a wrapper; ${HANDLER_ROUNDS} rounds of the standard workload after warm-up, then the page hidden and shown (visibilitychange: the hidden side closes the windows and sends) and a pagehide (with nothing left to send)). Target: slowest SDK handler call ≤ 50 µs`, result.handlers);
  md += handlerTable(`## Handler calls in the steady state, µs (the same probe pages: the standard workload run again after the above, when V8's one-off work for a page's first events, such as compiling the JS-to-wasm wrappers and tiering up the listeners' JS, is done)`, result.handlers_steady);
}
md += `| | none | ${FLOOR} | SDK | target |\n|---|---:|---:|---:|---:|\n`;
const row = (label, f, target = '–') => `| ${label} | ${f('none')} | ${f('floor')} | ${f('sdk')} | ${target} |\n`;
md += row(`init, ms from inserting the script tag, ${result.load_start} (median, IQR)`, (m) => iqr(result.init[m]));
md += row('init, ms from the script\'s evaluation start (first read of document.currentScript; median, IQR)', (m) => iqr(result.init_from_evaluation[m]), 'SDK ≤ 15');
md += row('init on the next visit (same profile: caches warm, consent stored), ms from the script\'s evaluation start (median, IQR)', (m) => iqr(result.init_repeat_from_evaluation[m]));
md += row('init, ms from the script\'s Resource Timing responseEnd (median, IQR)', (m) => iqr(result.init_from_response_end[m]));
for (const [k, label] of [['scriptResponseStart', 'script response started'], ['scriptResponseEnd', 'script downloaded'], ['scriptEvaluating', 'script evaluation started'], ['scriptLoaded', 'script evaluated (onload)'], ['wasmRequestStart', 'wasm request sent'], ['wasmResponseEnd', 'wasm downloaded'], ['instantiateCalled', 'instantiate called'], ['instantiated', 'instantiated'], ['ready', 'ready']]) {
  md += row(`… ${label}, ms after insertion (median)`, (m) => f2(result.init_phases[m][k]));
}
md += row('JS heap growth over the workload, KiB (median)', (m) => f2(result.heapGrowth[m].median / 1024), 'SDK ≤ 150');
md += row('wasm memory, pages after warm-up → after workload → after idle second' + (TRUSTED ? ' → after trusted input' : '') + ' (median)', (m) => (noModule(m) ? 'n/a' : [result.wasm_pages[m].after_warmup, result.wasm_pages[m].after_workload, result.wasm_pages[m].after_idle, ...(TRUSTED ? [result.wasm_pages[m].after_trusted] : [])].join(' → ')));
md += row('wasm memory growth after warm-up, pages (max over rounds: workload; to the end)', (m) => (noModule(m) ? 'n/a' : `${result.wasm_pages[m].growth_over_workload_max}; ${result.wasm_pages[m].growth_to_end_max}`), '0');
for (const ph of ['init', 'workload', 'idle']) {
  md += row(`long tasks during ${ph === 'idle' ? 'the idle second' : ph}, count / total ms (all ${ROUNDS} rounds)`, (m) => `${result.long_tasks[m][ph].count} / ${f1(result.long_tasks[m][ph].ms)}`, 'none caused by the SDK');
}
md += row('… of which during (category: count)', (m) => Object.entries(result.long_tasks[m].workload_by_category).filter(([, v]) => v.count).map(([k, v]) => `${k}: ${v.count}`).join(', ') || '–');
md += row('pagehide handling, ms (median)', (m) => f2(result.hide[m].median), '≤ 2');
md += row('slowest single dispatch, any category, µs', (m) => f2(result.worst[m]));
if (sizes) md += `\n## Size\n\n\`\`\`\n${sizes}\`\`\`\n`;
writeFileSync(join(root, 'bench/results/perf.md'), md);
console.log(md);
