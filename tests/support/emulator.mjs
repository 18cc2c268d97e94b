// `leadroster emulate` as a child process for the tests: listens on
// 127.0.0.1 (port 0: a free one), started within 15 s or the promise rejects
// (with what the child wrote to stderr), stopped by SIGTERM.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');

/**
 * Starts the emulator with `args` (--key, --campaign, --faults...). `key` is
 * the key state() authenticates with. Returns {url, proc, output(), state(leads), stop()}:
 * state(true) includes each campaign's leads.
 */
export async function startEmulator(args, key) {
  const proc = spawn(process.execPath, [CLI, 'emulate', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('emulator did not start: ' + err)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    proc.on('exit', () => reject(new Error('emulator exited: ' + err)));
  });
  return {
    url,
    proc,
    output: () => out + err,
    state: async (leads) => (await fetch(`${url}/_emulator/state${leads ? '?leads=1' : ''}`, { headers: { Authorization: `Bearer ${key}` } })).json(),
    stop: () => new Promise((r) => (proc.exitCode !== null ? r() : (proc.once('exit', r), proc.kill('SIGTERM')))),
  };
}
