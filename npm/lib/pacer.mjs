// Pacing for push: a token bucket from the provider's documented limit
// (engine.describeProvider(id).rateLimits, scope 'add'), slowed further by
// what the server says (X-RateLimit-Remaining/Reset, Retry-After). The clock
// is injectable so tests check the pace without waiting minutes.

/** The real clock. sleep(ms, signal) resolves early (false) when the signal aborts. */
// setTimeout takes at most 2^31-1 ms (about 24.8 days); a longer wait sleeps
// in steps of that (push caps its waits far below it anyway).
const MAX_TIMER_MS = 2 ** 31 - 1;
export const systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal && signal.aborted) return resolve(false);
      const wait = Number.isFinite(ms) ? Math.max(0, ms) : MAX_TIMER_MS;
      const t = setTimeout(
        () => {
          if (signal) signal.removeEventListener('abort', onAbort);
          if (wait > MAX_TIMER_MS) resolve(systemClock.sleep(wait - MAX_TIMER_MS, signal));
          else resolve(true);
        },
        Math.min(wait, MAX_TIMER_MS),
      );
      const onAbort = () => {
        clearTimeout(t);
        resolve(false);
      };
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when someone sleeps on it (tests). */
export function manualClock(start = 0) {
  let t = start;
  return {
    now: () => t,
    // Concurrent sleepers from the same instant wake at the same instant: the
    // clock moves to the latest wake-up asked for, never by the sum of them.
    sleep: async (ms, signal) => {
      if (signal && signal.aborted) return false;
      const target = t + Math.max(0, ms);
      await Promise.resolve();
      t = Math.max(t, target);
      return true;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** The 'add' limit of a provider as the engine describes it; null when none is documented. */
export function addLimit(engine, provider) {
  if (!engine || typeof engine.describeProvider !== 'function') return null;
  try {
    const d = engine.describeProvider(provider);
    const l = (d.rateLimits || []).find((r) => r.scope === 'add' || r.scope === undefined);
    return l && l.requests > 0 ? { requests: l.requests, windowSeconds: l.windowSeconds, burst: l.burst || 0 } : null;
  } catch (_) {
    return null;
  }
}

/** The least time (seconds) `requests` sends take under `limit` (first burst at once). */
export function minDurationSeconds(limit, requests) {
  if (!limit || requests <= 0) return 0;
  const burst = limit.burst || limit.requests;
  return Math.max(0, requests - burst) * (limit.windowSeconds / limit.requests);
}

export class Pacer {
  /** limit: {requests, windowSeconds, burst} or null (server hints only); maxPauseMs caps a server's hint. */
  constructor(limit, clock = systemClock, maxPauseMs = 3600e3) {
    this.clock = clock;
    this.maxPauseMs = maxPauseMs;
    this.limit = limit;
    if (limit) {
      this.capacity = limit.burst || limit.requests;
      this.perMs = limit.requests / (limit.windowSeconds * 1000);
      this.tokens = this.capacity;
      this.last = clock.now();
    }
    this.pausedUntil = 0;
    this.chain = Promise.resolve();
  }

  _refill() {
    if (!this.limit) return;
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }

  /** Waits for a send slot; false when the signal aborted first. Callers are served in order. */
  acquire(signal) {
    const turn = this.chain.then(async () => {
      for (;;) {
        if (signal && signal.aborted) return false;
        const now = this.clock.now();
        if (now < this.pausedUntil) {
          if (!(await this.clock.sleep(this.pausedUntil - now, signal))) return false;
          continue;
        }
        if (!this.limit) return true;
        this._refill();
        if (this.tokens >= 1 - 1e-9) {
          this.tokens -= 1;
          return true;
        }
        const wait = Math.ceil((1 - this.tokens) / this.perMs);
        if (!(await this.clock.sleep(wait, signal))) return false;
      }
    });
    this.chain = turn.catch(() => {});
    return turn;
  }

  /** No send before `ms` from now (Retry-After on a 429, or Remaining: 0 until Reset). */
  pause(ms) {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Reads X-RateLimit-Remaining / -Reset from an answer's headers. */
  observe(headers) {
    const get = (n) => (headers && typeof headers.get === 'function' ? headers.get(n) : headers ? headers[n] : null);
    const remaining = Number(get('x-ratelimit-remaining'));
    const resetRaw = get('x-ratelimit-reset');
    if (resetRaw === null || resetRaw === undefined || get('x-ratelimit-remaining') === null) return;
    if (!Number.isFinite(remaining) || remaining > 0) return;
    // epoch seconds or ms, seconds from now, or a date ("Tue Feb 16 2021 09:02:42 GMT+0100 ...")
    const reset = Number.isFinite(Number(resetRaw)) ? Number(resetRaw) : Date.parse(String(resetRaw).replace(/\s*\(.*\)\s*$/, ''));
    if (!Number.isFinite(reset)) return;
    const now = this.clock.now();
    const ms = reset > 1e12 ? reset - now : reset > 1e9 ? reset * 1000 - now : reset * 1000;
    this.pause(Math.min(ms, this.maxPauseMs));
  }
}
