// Shared e2e plumbing: start the demo collector (two origins on loopback) and a headless
// Chromium driven by playwright-core. Everything stays on 127.0.0.1 and stops by itself.
import './firefox-bidi-shim.mjs';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, firefox } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const COLLECTOR = 'http://127.0.0.1:8787';
export const APP = 'http://127.0.0.1:8788';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the SDK on `page` holds nothing in its outbox (every summary answered), or
 * throws naming how many still wait after `timeout` ms. Polled from here: a `waitForFunction`
 * whose predicate returns a promise stops at its first call (a promise is truthy), so
 * `waitForFunction(() => acReady.then((ac) => ac.pendingCount === 0))` waited for nothing. */
export async function untilSent(page, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const left = await page.evaluate(() => window.acReady.then((ac) => ac.pendingCount));
    if (left === 0) return;
    if (Date.now() > end) throw new Error(`${left} summaries still pending after ${timeout} ms`);
    await sleep(25);
  }
}

/** Waits, if need be, until a test can run clear of a window's end. The SDK sums activity per
 * window (15 minutes on these pages, the default; aligned to the clock from the Unix epoch, as
 * in crates/core/src/window.rs) and sends a window the moment it ends. A test that reads
 * `pending()`, or counts the summaries that arrive, would find them gone or split in two if a
 * window ended while it ran (about 1 run in 300 per such test, seen in CI). The longest test
 * takes about 10 s; each file calls this before every test (`beforeEach`). */
export async function clearOfWindowEnd(margin = 30_000) {
  const WINDOW = 15 * 60_000;
  const left = WINDOW - (Date.now() % WINDOW);
  if (left < margin) await sleep(left + 1_000);
}

/** Starts `activity-capture-collector --demo` in a fresh directory (serving `www`, default the
 * demo tool) and resolves once it is healthy. */
export async function startDemo({ www = join(root, 'www') } = {}) {
  await takeDemoLock();
  try {
    return await startDemoLocked(www);
  } catch (e) {
    releaseDemoLock();
    throw e;
  }
}

// The demo's ports are fixed (the pages name the collector's address), so two e2e runs on one
// machine (two checkouts, two people) take turns: a lock directory holding the owner's pid,
// taken over when that process is gone.
const LOCK = join(tmpdir(), 'activity-capture-e2e.lock');
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};
async function takeDemoLock() {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    } catch {}
    if (owner === process.pid) throw new Error('startDemo called twice without stop()');
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the e2e lock ${LOCK} was held for 10 minutes by pid ${owner}`);
    await sleep(250);
  }
}
function releaseDemoLock() {
  try {
    if (Number(readFileSync(join(LOCK, 'pid'), 'utf8')) === process.pid) rmSync(LOCK, { recursive: true, force: true });
  } catch {}
}
process.on('exit', releaseDemoLock);

async function startDemoLocked(www) {
  // Even with the lock, refuse to run beside a demo started by hand rather than talk to it by
  // mistake.
  for (const url of [COLLECTOR, APP]) {
    const busy = await fetch(url, { signal: AbortSignal.timeout(500) }).then(() => true, () => false);
    if (busy) throw new Error(`${url} is already in use: another demo is running`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ac-e2e-'));
  const bin = join(root, 'target/debug/activity-capture-collector');
  const proc = spawn(bin, ['--demo', '--www', www, '--pkg', join(root, 'pkg')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'info' },
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`collector exited early (${proc.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${COLLECTOR}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`collector not healthy within 20 s:\n${log}`);
    }
    await sleep(100);
  }
  return {
    dir,
    log: () => log,
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(5000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      releaseDemoLock();
    },
  };
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The browsers the cross-browser e2e files run in (E2E_BROWSERS=chromium limits them). */
export const BROWSERS = (process.env.E2E_BROWSERS || 'chromium,firefox').split(',').filter(Boolean);

/** Launches a headless browser for tests that need several isolated contexts (own storage
 * each): Debian's Chromium, or Firefox ESR driven over WebDriver BiDi. */
export async function launchBrowser(name = process.env.E2E_BROWSER || 'chromium') {
  if (name === 'firefox') {
    return firefox.launch({ channel: 'moz-firefox', executablePath: process.env.FIREFOX || (existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : '/usr/bin/firefox'), headless: true });
  }
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Context options for pages whose responses a test rewrites (`route.fulfill`): such a
 * document has no address of its own, so Chromium's Local Network Access treats it as public
 * and asks before it reaches the loopback collector. Grant it, as a person would be asked to. */
export const rewrittenPages = (name) => (name === 'chromium' ? { permissions: ['local-network-access'] } : {});

/** Rewrites the CSP header of the responses `url` matches with `edit(csp)`. */
export async function rewriteCsp(target, url, edit) {
  await target.route(url, async (r) => {
    const response = await r.fetch();
    const csp = edit(response.headers()['content-security-policy']);
    await r.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
  });
}

/** Launches headless Chromium with the flags this machine needs (no network, no sandbox as root). */
export async function launchChromium() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ac-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
