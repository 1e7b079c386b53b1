/**
 * Returning visitors through the real CLI (built dist), text mode, on an existing data directory: a first
 * `frontdesk simulate` stores Ana; a second run, a new process on the same --data-dir, hears her phone number, greets
 * her by first name, confirms what is known about her said masked (whoever gave the number may not be Ana), does not
 * ask it again, and asks this visit's reason anew.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../support/runtime-process.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'fd-returning-cli-'));
const say = (t: string) => ({ say: t });

interface Result {
  outcome: string;
  transcript: { who: string; text: string }[];
  turns: { fieldId: string }[];
  contact: { id: string; name: string; email: string; reason: string; visits: number; returning: boolean } | null;
}

async function simulate(name: string, answers: Record<string, { say: string }>): Promise<Result> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ answers }));
  const { stdout } = await run(process.execPath, [CLI, 'simulate', '--visit', file, '--data-dir', join(dir, 'data'), '--json', '--wait-sync', '0'], {
    cwd: ROOT,
  });
  return JSON.parse(stdout) as Result;
}

describe('a returning visitor in `frontdesk simulate`', () => {
  it('is greeted by first name on an existing data directory, not asked what is known of her, and asked the reason anew', async () => {
    const first = await simulate('first', {
      name: say('my name is Ana Lopez'),
      phone: say('four one five five five five zero one two three'),
      email: say('ana dot lopez at example dot com'),
      reason: say('I want some highlights'),
      heard_from: say('a friend'),
      contact_method: say('text me'),
      consent: say('yes'),
      confirm: say('yes'),
    });
    expect(first.outcome).toBe('stored');
    expect(first.transcript.some((l) => l.text.startsWith('Welcome back'))).toBe(false);

    const again = await simulate('again', {
      name: say('Ana Lopez'),
      phone: say('my number is four one five, five five five, zero one two three'),
      returning: say('yes, that is right'),
      reason: say('just a haircut'),
      heard_from: say('a friend'),
      consent: say('yes'),
      confirm: say('yes'),
    });
    expect(again.outcome).toBe('stored');
    expect(again.transcript).toContainEqual(
      expect.objectContaining({
        who: 'robot',
        text: 'Welcome back, Ana! I still have your email at example dot com, how should we contact you: Text message. Is that still right?',
      }),
    );
    // Her email came from the contact: the robot never says it in full, not at the read-back either.
    expect(again.transcript.filter((l) => l.who === 'robot' && /ana\.lopez|ana dot lopez|highlights|Hair coloring/i.test(l.text))).toEqual([]);
    expect(again.turns.map((t) => t.fieldId)).toEqual(['name', 'phone', 'returning', 'reason', 'heard_from', 'consent', 'confirm']);
    expect(again.contact).toMatchObject({
      id: first.contact!.id,
      name: 'Ana Lopez',
      email: 'ana.lopez@example.com',
      reason: 'haircut',
      visits: 2,
      returning: true,
    });
  });
});
