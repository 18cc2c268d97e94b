// A tiny static file server over the repository root, for the browser test
// (and for looking at the demo page by hand: `node tests/browser/server.mjs`).
// Listens on 127.0.0.1 with a random free port unless PORT is set.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Starts the server. Resolves to { url, port, server, close() }.
 * options.root: directory to serve (default: the repository root).
 * options.port: port (default 0 = a random free one).
 * options.log: called with (method, urlPath, status) for each request.
 */
export function startServer({ root = REPO_ROOT, port = 0, log } = {}) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    let status = 200;
    const done = (s) => {
      status = s;
      if (log) log(req.method, req.url, status);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed');
        return done(405);
      }
      const urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (urlPath === '/') {
        res.writeHead(302, { Location: '/web/' });
        res.end();
        return done(302);
      }
      let file = path.resolve(base, '.' + urlPath);
      if (file !== base && !file.startsWith(base + path.sep)) {
        send(res, 403, 'forbidden');
        return done(403);
      }
      let st = await stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!urlPath.endsWith('/')) {
          res.writeHead(301, { Location: urlPath + '/' });
          res.end();
          return done(301);
        }
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) {
        send(res, 404, 'not found: ' + urlPath);
        return done(404);
      }
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return done(200);
      }
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
      done(200);
    } catch (e) {
      if (!res.headersSent) send(res, 500, 'error: ' + e.message);
      else res.destroy();
      done(500);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

// Run directly: serve the repository root and print the demo URL.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer({ port: Number(process.env.PORT) || 0 });
  console.log(`serving ${REPO_ROOT} at ${url}/  (demo: ${url}/web/)`);
}
