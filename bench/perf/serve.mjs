// The benchmarks' loopback server: the fixture (bench/perf), the SDK package (/pkg/, from `pkg`)
// and the floor module (/floor/), cross-origin isolated so the page's clock has 5 µs resolution
// (100 µs otherwise), and a collector stand-in that acknowledges every uploaded summary as
// stored (so the SDK's outbox stays as small as with a real collector).
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

function file(path, pkg) {
  const map = [['/pkg/', pkg], ['/floor/', join(root, 'bench/floor/pkg')], ['/', join(root, 'bench/perf')]];
  for (const [prefix, dir] of map) {
    if (path.startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      if (rest.includes('..')) return null;
      const full = join(dir, rest);
      return existsSync(full) ? full : null;
    }
  }
  return null;
}

/** Starts the server on 127.0.0.1 (a free port); resolves to { origin, close }. */
export async function serve({ pkg = join(root, 'pkg') } = {}) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'POST' && path === '/v1/summaries') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const ids = [...body.matchAll(/"id":"([0-9a-f]{32})"/g)].map((m) => ({ id: m[1], status: 'stored' }));
        res.writeHead(200, { ...isolated, 'content-type': 'application/json' });
        res.end(JSON.stringify({ results: ids }));
      });
      return;
    }
    const f = file(path, pkg);
    if (!f) { res.writeHead(404, isolated); res.end(); return; }
    res.writeHead(200, { ...isolated, 'content-type': types[extname(f)] || 'application/octet-stream' });
    res.end(readFileSync(f));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
