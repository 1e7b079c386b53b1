import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { parseConfig } from '../config/load.js';
import type { ContactDetail, LeadPage } from '../crm/types.js';
import { silentLogger } from '../log.js';
import { startRuntime } from '../runtime.js';
import { registerContacts } from './contacts.js';

async function run(dataDir: string, ...args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerContacts(program, { io: { out: (l) => out.push(l), err: (l) => err.push(l), exit: (c) => (code = c) } });
  await program.parseAsync([...args, '--data-dir', dataDir], { from: 'user' });
  return { out: out.join('\n'), err: err.join('\n'), code };
}

describe('frontdesk contacts', () => {
  it('works on the data directory of a running runtime, which sends what the command line wrote', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-cli-contacts-'));
    const runtime = await startRuntime({
      config: parseConfig({ device: { id: 'cli-dev' } }),
      dataDir,
      log: silentLogger(),
      http: false,
      body: new SimulatedBody(0),
    });
    try {
      const stored = (name: string, phone: string, email: string, reason: string) => {
        const v = runtime.visits.open('touch');
        return runtime.visits.submit(v.id, { name, phone, email, reason, consent: true }, 'touch');
      };
      const ana = stored('Ana Lopez', '415 555 0401', 'ana@example.com', 'hair-coloring');
      const bob = stored('Bob Stone', '415 555 0402', 'bob@example.com', 'other');
      const outbox = new SqliteOutbox(runtime.db);
      const drained = async () => {
        for (let i = 0; i < 200 && outbox.depth().pending > 0; i++) await new Promise((r) => setTimeout(r, 50));
        return outbox.depth().pending;
      };
      expect(await drained()).toBe(0);

      const list = JSON.parse((await run(dataDir, 'contacts', 'list', '--json', '--tag', 'Hair coloring')).out) as LeadPage;
      expect(list.items.map((c) => c.id)).toEqual([ana.id]);
      expect((await run(dataDir, 'contacts', 'list', '--search', 'stone')).out).toMatch(/Bob Stone .*New inquiry/);
      // --field ID=VALUE: the same filter and refusals as the staff route's field and value.
      const byAnswer = JSON.parse((await run(dataDir, 'contacts', 'list', '--json', '--field', 'reason=Hair coloring')).out) as LeadPage;
      expect(byAnswer.items.map((c) => c.id)).toEqual([ana.id]);
      expect((await run(dataDir, 'contacts', 'list', '--field', 'reason=other')).out).toMatch(/^[0-9a-f]{8} .* Bob Stone .*\n1-1 of 1$/);
      const unknownField = await run(dataDir, 'contacts', 'list', '--field', 'colour=red');
      expect(unknownField).toMatchObject({ code: 1, out: '' });
      expect(unknownField.err).toMatch(/^frontdesk: There is no field "colour"\. The fields are: name, phone, email, reason/);
      const badValue = await run(dataDir, 'contacts', 'list', '--field', 'reason=perm');
      expect(badValue).toMatchObject({ code: 1, out: '' });
      expect(badValue.err).toMatch(/^frontdesk: "What brings you in today\?" is one of Haircut \(haircut\), .* not "perm"\.$/);
      await expect(run(dataDir, 'contacts', 'list', '--field', 'reason')).rejects.toThrow(/--field takes ID=VALUE, e\.g\. reason=haircut, got "reason"/);

      // Refused: no note, unmet criteria, unknown stage; each exits 1 with the reason and changes nothing.
      const noNote = await run(dataDir, 'contacts', 'stage', ana.id, 'sales-qualified', '--note', ' ');
      expect(noNote).toMatchObject({ code: 1, out: '' });
      expect(noNote.err).toBe('frontdesk: A stage change needs a note: say why the contact moves to Sales qualified.');
      const unmet = await run(dataDir, 'contacts', 'stage', bob.id, 'Sales qualified', '--note', 'called');
      expect(unmet.code).toBe(1);
      expect(unmet.err).toMatch(/Cannot move to Sales qualified: it needs a tag of Service interest/);
      expect((await run(dataDir, 'contacts', 'stage', bob.id, 'hot', '--note', 'x')).err).toMatch(/There is no stage "hot". The stages are: New inquiry/);
      // Visit and stage; the out-of-the-box handoff rule added its task and notification when the lead was stored.
      expect(
        runtime.crm
          .get(bob.id)!
          .timeline.map((t) => t.activity.type)
          .sort(),
      ).toEqual(['notification', 'stage-changed', 'task', 'visit']);

      const moved = await run(dataDir, 'contacts', 'stage', ana.id.slice(0, 8), 'Sales qualified', '--note', 'Called, wants balayage', '--by', 'Maya');
      expect(moved).toMatchObject({ code: 0 });
      expect(runtime.crm.get(ana.id)!.stage.id).toBe('sales-qualified');
      expect((await run(dataDir, 'contacts', 'note', ana.id, 'Prefers Saturdays')).code).toBe(0);
      expect((await run(dataDir, 'contacts', 'outcome', ana.id, 'lost', '--reason', 'weather')).err).toMatch(/There is no reason "weather"/);
      expect((await run(dataDir, 'contacts', 'outcome', ana.id, 'lost', '--reason', 'Price', '--note', 'Too dear')).out).toMatch(/lost \(Price\), now Lost/);
      // --stage takes the id or the name staff see; an unknown one exits 1 naming the stages.
      const lost = JSON.parse((await run(dataDir, 'contacts', 'list', '--json', '--stage', 'Lost')).out) as LeadPage;
      expect(lost.items.map((c) => c.id)).toEqual([ana.id]);
      expect((JSON.parse((await run(dataDir, 'contacts', 'list', '--json', '--stage', 'new-inquiry')).out) as LeadPage).items.map((c) => c.id)).toEqual([
        bob.id,
      ]);
      const badStage = await run(dataDir, 'contacts', 'list', '--stage', 'hot');
      expect(badStage).toMatchObject({ code: 1, out: '' });
      expect(badStage.err).toMatch(/^frontdesk: There is no stage "hot"\. The stages are: New inquiry \(new-inquiry\)/);
      const shown = JSON.parse((await run(dataDir, 'contacts', 'show', ana.id, '--json')).out) as ContactDetail;
      expect(shown.timeline.map((t) => t.summary).slice(0, 4)).toEqual([
        'Stage changed from Sales qualified to Lost',
        'Outcome: lost (Price)',
        'Note',
        'Stage changed from New inquiry to Sales qualified',
      ]);
      expect((await run(dataDir, 'contacts', 'show', ana.id)).out).toMatch(/Profile:\n {2}Who: Ana Lopez/);
      // The runtime notices the other process's writes and sends their outbox entries.
      expect(await drained()).toBe(0);

      const csv = (await run(dataDir, 'contacts', 'export', '--format', 'csv')).out;
      expect(csv.split('\n')).toHaveLength(3);
      expect(csv).toMatch(/Ana Lopez/);
      expect(csv).toMatch(/Hair coloring/);
      const out = join(dataDir, 'hubspot.json');
      expect((await run(dataDir, 'contacts', 'export', '--format', 'hubspot', '--out', out)).err).toBe(`wrote 2 hubspot records to ${out}`);
      const hub = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
      expect(hub).toHaveLength(2);
      await expect(run(dataDir, 'contacts', 'export', '--format', 'excel')).rejects.toThrow(/--format must be one of csv, hubspot, salesforce/);

      expect((await run(dataDir, 'contacts', 'merge', ana.id, bob.id)).out).toMatch(/merged \(2 visits\)/);
      expect((await run(dataDir, 'contacts', 'erase', ana.id)).out).toBe(`${ana.id}: erased`);
      expect(runtime.crm.list({}).total).toBe(0);
      expect((await run(dataDir, 'contacts', 'show', ana.id)).err).toMatch(/There is no contact/);
      expect(await drained()).toBe(0);
    } finally {
      await runtime.stop();
    }
  }, 30_000);

  it('show says which values the visitor never confirmed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-cli-unconfirmed-'));
    const runtime = await startRuntime({
      config: parseConfig({ device: { id: 'cli-dev' } }),
      dataDir,
      log: silentLogger(),
      http: false,
      body: new SimulatedBody(0),
    });
    try {
      // Said by voice, then the visitor walked away before the read-back: a partial lead.
      const v = runtime.visits.open('wake');
      v.setValue('phone', '415 555 0403', 'voice');
      v.setValue('email', 'cy@example.com', 'touch');
      v.setValue('consent', true, 'voice');
      runtime.visits.cancel(v.id);
      const id = v.contactId!;
      const text = (await run(dataDir, 'contacts', 'show', id)).out;
      expect(text).toMatch(/^ {2}phone: \+14155550403 {2}\(not confirmed: heard by voice, never read back to the visitor\)$/m);
      expect(text).toMatch(/^ {2}email: cy@example\.com$/m);
      expect((JSON.parse((await run(dataDir, 'contacts', 'show', id, '--json')).out) as ContactDetail).unconfirmed).toEqual(['phone']);
    } finally {
      await runtime.stop();
    }
  }, 30_000);
});
