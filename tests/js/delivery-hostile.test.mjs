// push against hostile local servers (127.0.0.1 only), a full filesystem
// (`ulimit -f` in a child shell) and two processes on one journal (issue 17).
// Every server answers a bounded number of requests; every push is bounded in
// attempts and time.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, appendFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const node = await import(join(ROOT, 'npm', 'node.mjs'));
const { lockJournal, readJournal } = await import(join(ROOT, 'npm', 'lib', 'journal.mjs'));
const engine = await load();
const dir = mkdtempSync(join(tmpdir(), 'leadroster-hostile-push-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const UUID = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const KEY = 'key_' + randomBytes(12).toString('hex');
const CAMPAIGN = { magnetite: 'mag_1', sendpilot: 'camp_1', reached: UUID, sendkit: 'sk_1', puffle: UUID };
const ROWS = {
  magnetite: [{ companyName: 'Acme', contactName: 'Ann Lee', email: 'ann@acme.com' }],
  sendpilot: [{ linkedinUrl: 'https://www.linkedin.com/in/ann-lee' }, { linkedinUrl: 'https://www.linkedin.com/in/bob' }],
  reached: [{ email: 'ann@acme.com' }, { email: 'bob@acme.com' }],
  sendkit: [{ email: 'ann@acme.com' }, { email: 'bob@acme.com' }],
  puffle: [{ email: 'ann@acme.com' }, { email: 'bob@acme.com' }],
};
const PROVIDERS = Object.keys(ROWS);

// A server on 127.0.0.1 that answers with handler(req, body, res); counts what it got.
async function server(handler) {
  const got = [];
  const s = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      got.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (got.length > 200) return res.socket.destroy(); // bounded
      handler(req, body, res);
    });
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${s.address().port}`;
  return {
    url,
    got,
    close: () =>
      new Promise((r) => {
        s.close(() => r());
        s.closeAllConnections();
      }),
  };
}

const base = (provider, url, extra = {}) => ({
  engine,
  provider,
  campaignId: CAMPAIGN[provider],
  rows: ROWS[provider],
  baseUrl: url,
  apiKey: KEY,
  journal: false,
  maxAttempts: 3,
  baseDelayMs: 1,
  ...extra,
});

test(
  'no redirect is followed: 301/302/307/308 to another origin send nothing there, name the origin, settle nothing; every provider',
  { timeout: 60000 },
  async () => {
    const other = await server((req, body, res) => res.end('{}'));
    try {
      for (const status of [301, 302, 307, 308]) {
        const hostile = await server((req, body, res) => {
          res.writeHead(status, { Location: `${other.url}/steal${req.url}` });
          res.end();
        });
        try {
          for (const provider of PROVIDERS) {
            const r = await node.push(base(provider, hostile.url));
            assert.equal(r.summary.stopped, 'redirected', `${provider} ${status}`);
            assert.equal(r.summary.error.code, 'redirect_refused');
            assert.ok(r.summary.error.message.includes(other.url), 'the error names the origin');
            assert.equal(r.summary.requestsSettled, 0, 'a redirect settles nothing');
            assert.equal(r.summary.notDelivered, ROWS[provider].length);
            assert.equal(node.exitCodeOf(r.summary), 1);
            assert.ok(r.rows.every((x) => x.result === 'not_delivered' && x.code === 'redirect_refused'));
            // the provider's auth header did go to the base URL (so the test is about redirects)...
            const h = hostile.got.at(-1).headers;
            assert.ok(
              [h['x-api-key'], h.authorization].some((v) => v && v.includes(KEY)),
              `${provider}: its auth header`,
            );
          }
        } finally {
          await hostile.close();
        }
      }
      // ...and never to the other origin: not by any provider, any status, any method
      assert.equal(other.got.length, 0);
      // same origin too: refused (push never follows a redirect)
      const self = await server((req, body, res) => {
        res.writeHead(308, { Location: '/v2' + req.url });
        res.end();
      });
      try {
        const r = await node.push(base('sendpilot', self.url));
        assert.equal(r.summary.error.code, 'redirect_refused');
        assert.equal(self.got.length, 1);
      } finally {
        await self.close();
      }
    } finally {
      await other.close();
    }
  },
);

test('plain http to another machine is refused before anything is sent; --allow-insecure-http sends', async () => {
  let calls = 0;
  const fakeFetch = async () => {
    calls++;
    return new Response(JSON.stringify({ leadsAdded: 2, duplicatesSkipped: 0, invalidEntries: 0 }), { status: 200 });
  };
  await assert.rejects(node.push(base('sendpilot', 'http://10.1.2.3:8080', { fetch: fakeFetch })), (e) => e.code === 'insecure_base_url');
  await assert.rejects(node.push(base('sendpilot', 'http://api.example.com', { fetch: fakeFetch })), (e) => e.code === 'insecure_base_url');
  assert.equal(calls, 0);
  const r = await node.push(base('sendpilot', 'http://10.1.2.3:8080', { fetch: fakeFetch, allowInsecureHttp: true }));
  assert.equal(r.summary.added, 2);
  for (const ok of ['http://localhost:9', 'http://127.0.0.2:9', 'http://[::1]:9', 'https://api.example.com']) {
    const x = await node.push(base('sendpilot', ok, { fetch: fakeFetch }));
    assert.equal(x.summary.added, 2, ok);
  }
  // the CLI: exit 2, nothing sent
  const file = join(dir, 'insecure.ndjson');
  writeFileSync(file, ROWS.sendpilot.map((x) => JSON.stringify(x)).join('\n'));
  const cli = spawnSync(process.execPath, [CLI, 'push', file, '--provider', 'sendpilot', '--campaign-id', 'c', '--base-url', 'http://10.1.2.3:9', '--yes'], {
    env: { ...process.env, LEADROSTER_API_KEY: KEY },
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(cli.status, 2);
});

test(
  'a key with white space at its ends is sent trimmed and redacted wherever a server echoes it; a control character inside is refused',
  { timeout: 30000 },
  async () => {
    // echoes the key it received in its 401 body, and in a rejected lead's message
    const echo = await server((req, body, res) => {
      const got = req.headers['x-api-key'] || (req.headers.authorization || '').replace(/^Bearer /, '');
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 401, message: `Invalid API key ${got}`, error: 'Unauthorized' }));
    });
    try {
      for (const raw of [`${KEY} `, `${KEY}\r`, `\t${KEY}\t`, `${KEY}\r\n`]) {
        const journal = join(dir, `key-${randomBytes(4).toString('hex')}.journal`);
        const r = await node.push(base('sendpilot', echo.url, { apiKey: raw, journal }));
        assert.equal(r.summary.stopped, 'unauthorized');
        assert.equal(echo.got.at(-1).headers['x-api-key'], KEY, 'the key goes out trimmed');
        assert.ok(!JSON.stringify(r).includes(KEY), 'not in the result');
        assert.ok(!readFileSync(journal, 'utf8').includes(KEY), 'not in the journal');
        const out = join(dir, 'key-report.csv');
        await node.writeReport(journal, { csv: out });
        assert.ok(!readFileSync(out, 'utf8').includes(KEY), 'not in report.csv');
      }
      // the CLI's stdout (--json and text)
      const file = join(dir, 'key.ndjson');
      writeFileSync(file, ROWS.sendpilot.map((x) => JSON.stringify(x)).join('\n'));
      for (const json of [['--json'], []]) {
        const cli = await run(
          process.execPath,
          [
            CLI,
            'push',
            file,
            '--provider',
            'sendpilot',
            '--campaign-id',
            'c',
            '--base-url',
            echo.url,
            '--yes',
            '--journal',
            join(dir, `key-cli-${json.length}.journal`),
            ...json,
          ],
          {
            LEADROSTER_API_KEY: `${KEY} \t\r`,
          },
        ).done;
        assert.equal(cli.code, 3, cli.stderr);
        assert.ok(!(cli.stdout + cli.stderr).includes(KEY));
      }
    } finally {
      await echo.close();
    }
    for (const bad of [`${KEY.slice(0, 5)}\n${KEY.slice(5)}`, `a\tb`, `k\u0000y`, 'clé']) {
      await assert.rejects(
        node.push(base('sendpilot', 'http://127.0.0.1:9', { apiKey: bad })),
        (e) => e.code === 'invalid_api_key' && !e.message.includes(bad),
      );
    }
  },
);

test('Retry-After past the cap is not waited for: the request is not delivered (retry_after_too_long), quickly', { timeout: 30000 }, async () => {
  for (const ra of ['999999999', 'Fri, 31 Dec 9999 23:59:59 GMT', '301']) {
    const srv = await server((req, body, res) => {
      res.writeHead(429, { 'Retry-After': ra, 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"rate_limited","message":"slow down"}}');
    });
    try {
      const t = Date.now();
      const r = await node.push(base('reached', srv.url, { maxAttempts: 6 }));
      assert.ok(Date.now() - t < 10000, `${ra}: returned in ${Date.now() - t} ms`);
      assert.equal(r.summary.notDelivered, 2);
      assert.ok(
        r.rows.every((x) => x.code === 'retry_after_too_long'),
        JSON.stringify(r.rows),
      );
      assert.equal(srv.got.length, 1, 'not sent again after a wait past the cap');
      assert.equal(node.exitCodeOf(r.summary), 1);
    } finally {
      await srv.close();
    }
  }
  // under the cap it waits and retries (a 1 s Retry-After with a 2 s cap)
  let n = 0;
  const srv = await server((req, body, res) => {
    if (n++ === 0) {
      res.writeHead(429, { 'Retry-After': '1' });
      return res.end('{}');
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        data: {
          campaign_id: UUID,
          results: [
            { lead_id: 'l1', status: 'added' },
            { lead_id: 'l2', status: 'added' },
          ],
        },
      }),
    );
  });
  try {
    const r = await node.push(base('reached', srv.url, { maxRetryAfterMs: 2000 }));
    assert.equal(r.summary.added, 2);
    assert.equal(srv.got.length, 2);
  } finally {
    await srv.close();
  }
});

test('an answer larger than maxAnswerBytes is not read whole: a failed attempt with code answer_too_large', { timeout: 30000 }, async () => {
  // an endless 200 body: only a cap ends the read
  const endless = await server((req, body, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 << 10, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 256 << 20 && res.write(chunk)) sent += chunk.length;
      if (sent < 256 << 20) res.once('drain', pump);
      else res.end();
    };
    res.on('close', () => (sent = 1 << 30));
    pump();
  });
  // a declared length over the cap
  const declared = await server((req, body, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(8 << 20) });
    res.end();
  });
  try {
    for (const srv of [endless, declared]) {
      const rss = process.memoryUsage().rss;
      const r = await node.push(base('sendkit', srv.url, { maxAttempts: 2, maxAnswerBytes: 1 << 20 }));
      assert.equal(r.summary.notDelivered, 2);
      assert.ok(
        r.rows.every((x) => x.code === 'answer_too_large'),
        JSON.stringify(r.rows),
      );
      assert.equal(srv.got.length, 2, 'a lost answer is sent again, up to maxAttempts');
      assert.ok(process.memoryUsage().rss - rss < 200 << 20, 'memory stays bounded');
      srv.got.length = 0;
    }
  } finally {
    await endless.close();
    await declared.close();
  }
  await assert.rejects(node.push(base('sendkit', 'http://127.0.0.1:9', { maxAnswerBytes: 10 })), (e) => e.code === 'bad_argument');
});

test('rows the answer does not confirm (unknown) are not success: exit 1', { timeout: 30000 }, async () => {
  for (const answer of ['not json', '{"leadsAdded": 7}', '{"something":"else"}']) {
    const srv = await server((req, body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(answer);
    });
    try {
      const r = await node.push(base('sendpilot', srv.url));
      assert.equal(r.summary.unknown, 2, answer);
      assert.equal(node.exitCodeOf(r.summary), 1);
    } finally {
      await srv.close();
    }
  }
});

// ---- the journal: full disk, torn line, lock

const leads = (n, tag) => Array.from({ length: n }, (_, i) => ({ linkedinUrl: `https://www.linkedin.com/in/${tag}-${i}` }));
function writeNdjson(name, rows) {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
}
function run(cmd, args, env = {}) {
  const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, LEADROSTER_API_KEY: KEY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  return { proc, done: new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal, stdout, stderr }))) };
}
const journalLines = (p) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch (_) {
        return null;
      }
    });

test('a full disk (ulimit -f): the journal write fails, nothing more is sent, resume recovers the torn line and completes', { timeout: 60000 }, async () => {
  const emu = node.createEmulator({ engine, keys: [KEY], campaigns: [{ provider: 'sendpilot', id: 'camp_disk' }], faults: { latency: 2 } });
  const { url } = await emu.listen(0);
  try {
    const file = writeNdjson('disk.ndjson', leads(2000, 'disk'));
    const journal = join(dir, 'disk.journal');
    const args = [
      file,
      '--provider',
      'sendpilot',
      '--campaign-id',
      'camp_disk',
      '--base-url',
      url,
      '--yes',
      '--json',
      '--journal',
      journal,
      '--batch-size',
      '10',
      '--concurrency',
      '4',
    ];
    // 6 blocks of 1 KiB: the plan and a few dozen requests fit, then EFBIG (node ignores SIGXFSZ)
    const r = await run('bash', ['-c', 'ulimit -f 6 && exec "$0" "$@"', process.execPath, CLI, 'push', ...args]).done;
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const s = JSON.parse(r.stdout);
    assert.equal(s.stopped, 'journal_failed');
    assert.equal(s.error.code, 'journal_write_failed');
    assert.ok(statSync(journal).size <= 6 * 1024);
    // every request the provider got was journaled as sent before it went out
    const sends = journalLines(journal).filter((l) => l && l.type === 'send').length;
    const got = emu.state().stats.requests;
    assert.ok(got > 0 && got <= sends, `the emulator got ${got} requests; the journal says ${sends} went out`);
    assert.ok(got < 200, 'the other workers stopped');
    // report reads it (a torn last line is dropped, said so), resume completes it
    const rep = spawnSync(process.execPath, [CLI, 'report', journal, '--json'], { encoding: 'utf8' });
    assert.equal(rep.status, 0, rep.stderr);
    const r2 = await run(process.execPath, [CLI, 'push', ...args, '--resume']).done;
    assert.equal(r2.code, 0, r2.stderr + r2.stdout);
    const s2 = JSON.parse(r2.stdout);
    assert.equal(s2.added + s2.resent + s2.alreadyInCampaign, 2000);
    assert.equal(emu.state().campaigns[0].count, 2000);
    assert.ok(
      journalLines(journal).every((l) => l !== null),
      'no damaged line left after the resume',
    );
    // the leads the first run sent and could not journal come back as resent, never as already in the campaign
    assert.equal(s2.alreadyInCampaign, 0);
    assert.equal(s2.resent, emu.state().stats.leadsReceivedAgain);
  } finally {
    await emu.close();
  }
});

test('a torn last line: report and --resume keep what is complete, say so, and cut it before appending', { timeout: 30000 }, async () => {
  const emu = node.createEmulator({ engine, keys: [KEY], campaigns: [{ provider: 'sendpilot', id: 'camp_torn' }] });
  const { url } = await emu.listen(0);
  try {
    const file = writeNdjson('torn.ndjson', leads(50, 'torn'));
    const journal = join(dir, 'torn.journal');
    const o = { engine, provider: 'sendpilot', campaignId: 'camp_torn', file, baseUrl: url, apiKey: KEY, journal, batchSize: 10 };
    const first = await node.push(o);
    assert.equal(first.summary.added, 50);
    // tear: the last request line loses its end
    const text = readFileSync(journal, 'utf8');
    const cut = text.slice(0, text.length - 25);
    writeFileSync(journal, cut);
    const rep = await node.writeReport(journal, {});
    assert.ok(rep.recovered && rep.recovered.tornLine > 0, 'the report says a line was torn');
    assert.equal(rep.counts.added, 40);
    assert.equal(rep.counts.notDelivered, 10);
    const again = await node.push({ ...o, resume: true });
    assert.ok(again.summary.journalRecovered && again.summary.journalRecovered.tornLine > 0);
    assert.equal(again.summary.httpRequests, 1, 'only the request whose line was torn is sent again');
    assert.equal(again.summary.resent, 10, 'its leads were in flight: resent, not already in the campaign');
    assert.equal(again.summary.alreadyInCampaign, 0);
    assert.equal(again.summary.added, 40);
    assert.ok(
      journalLines(journal).every((l) => l !== null),
      'the torn bytes were cut before appending',
    );
    // a damaged line in the middle (an older version appended after a torn tail) is skipped, not fatal
    appendFileSync(journal, '{"type":"req\n');
    appendFileSync(journal, JSON.stringify({ type: 'send', n: 0, attempt: 9 }) + '\n');
    const j = readJournal(journal);
    assert.equal(j.damaged.length, 1);
    const cli = spawnSync(process.execPath, [CLI, 'report', journal, '--json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
  } finally {
    await emu.close();
  }
});

test(
  "one push per journal: a second process is refused while the first runs (nothing sent twice); a dead holder's lock is taken over",
  { timeout: 60000 },
  async () => {
    const emu = node.createEmulator({ engine, keys: [KEY], campaigns: [{ provider: 'sendpilot', id: 'camp_lock' }], faults: { latency: 20 } });
    const { url } = await emu.listen(0);
    try {
      const file = writeNdjson('lock.ndjson', leads(1000, 'lock'));
      const journal = join(dir, 'lock.journal');
      const args = [
        file,
        '--provider',
        'sendpilot',
        '--campaign-id',
        'camp_lock',
        '--base-url',
        url,
        '--yes',
        '--json',
        '--journal',
        journal,
        '--batch-size',
        '10',
        '--concurrency',
        '2',
      ];
      const first = run(process.execPath, [CLI, 'push', ...args]);
      for (let i = 0; i < 500 && !(existsSync(journal) && journalLines(journal).some((l) => l && l.type === 'request')); i++)
        await new Promise((r) => setTimeout(r, 20));
      const second = await run(process.execPath, [CLI, 'push', ...args, '--resume']).done;
      assert.equal(second.code, 2, second.stderr);
      await assert.rejects(
        node.push({ engine, provider: 'sendpilot', campaignId: 'camp_lock', file, baseUrl: url, apiKey: KEY, journal, batchSize: 10, resume: true }),
        (e) => e.code === 'journal_locked' && e.pid === first.proc.pid,
      );
      const r1 = await first.done;
      assert.equal(r1.code, 0, r1.stderr);
      const st = emu.state();
      assert.equal(st.stats.duplicatesReceived, 0, 'no lead was sent twice');
      assert.equal(st.stats.requests, 100);
      assert.ok(!existsSync(journal + '.lock'), 'released at the end');
    } finally {
      await emu.close();
    }
    // a lock left by a process that is gone (or a torn lock file) does not block
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const j2 = join(dir, 'stale.journal');
    for (const content of [JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), started: '1' }), '{"pid":']) {
      writeFileSync(j2 + '.lock', content);
      const release = lockJournal(j2);
      assert.ok(readFileSync(j2 + '.lock', 'utf8').includes(String(process.pid)));
      assert.throws(
        () => lockJournal(j2),
        (e) => e.code === 'journal_locked' && e.pid === process.pid,
      );
      release();
      assert.ok(!existsSync(j2 + '.lock'));
    }
  },
);
