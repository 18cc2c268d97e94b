// A throwaway PostgreSQL cluster for the ledger tests: initdb + pg_ctl in a
// temp dir, listening on 127.0.0.1 (a free port) and a unix socket in that
// dir only, trust auth, stopped and removed by stop(). Every step is bounded
// in time. As root, the cluster runs as the `postgres` user (initdb refuses root).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

function binDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], 'bin');
  }
  const w = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return w.status === 0 ? join(w.stdout.trim(), '..') : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** null when PostgreSQL is not installed (the caller fails or skips, as it says). */
export async function startCluster() {
  const bin = binDir();
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'leadroster-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid && process.getuid() === 0;
  let uid = null;
  let gid = null;
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root and there is no postgres user to run the cluster as');
    uid = Number(id.stdout.trim());
    gid = Number(g.stdout.trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd, args, timeout) => {
    const r = root
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8', timeout, cwd: dir })
      : spawnSync(join(bin, cmd), args, { encoding: 'utf8', timeout, cwd: dir });
    if (r.status !== 0) {
      let log = '';
      try {
        log = readFileSync(join(dir, 'log'), 'utf8').slice(-2000);
      } catch (_) {
        /* no log yet */
      }
      throw new Error(`${cmd} failed (${r.status ?? r.signal ?? r.error}): ${r.stderr || ''}${r.error ? r.error.message : ''}\n${log}`);
    }
    return r;
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], 240000);
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'], 90000);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 45000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, stop };
}
