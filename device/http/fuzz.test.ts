/**
 * Fuzzing the HTTP and WebSocket boundary in CI (a few hundred cases each; `npm run bench -- fuzz-http` runs 10,000):
 * zero 5xx, every refusal names its reason, the store unchanged by refused input. See test/support/fuzz-http.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzHttp, fuzzSockets, startFuzzRuntime, type FuzzRuntime } from '../../test/support/fuzz-http.js';

let f: FuzzRuntime;
beforeAll(async () => {
  f = await startFuzzRuntime();
});
afterAll(() => f?.stop());

describe('fuzzing the kiosk API', () => {
  it('answers 300 malformed, hostile or foreign HTTP requests without a crash, each refusal with its reason', async () => {
    const report = await fuzzHttp(f, 300);
    expect(report).toMatchObject({ cases: 300, crashes: 0 });
    expect(report.refusals).toBeGreaterThan(100); // most fuzzed input is refused...
    expect(report.byStatus['200']).toBeGreaterThan(5); // ...and some gets through, so the routes behind are reached too
  });

  it('survives 150 cases of fuzzed WebSocket frames on both sockets', async () => {
    const report = await fuzzSockets(f, 150);
    expect(report).toMatchObject({ cases: 150, crashes: 0 });
    expect(report.byStatus['4401']).toBeGreaterThan(0); // bad diagnostics hellos refused
  });
});
