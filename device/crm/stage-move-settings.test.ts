import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { january, kioskVisit, STAFF } from '../../test/support/migration-stories.js';
import { openDatabase } from '../store/database.js';

// A stage move reads the settings once (service.ts `pinned`): that one read must still be the latest saved version,
// whoever saved it (this service, or another process on the same data directory: the CLI beside the runtime).
describe('a stage move and the saved settings', () => {
  it('sees settings saved from another connection between two moves, and its answer names the stages as saved', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-move-settings-')), 'db.sqlite');
    const db = openDatabase(file);
    const runtime = crmOnDb(db);
    const ids = [randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) runtime.importStory(id, [kioskVisit(id, i, january(i))]);
    expect(runtime.moveStage(ids[0]!, 'lost', 'Went elsewhere', STAFF).stage.name).toBe('Lost');

    const cli = crmOnDb(openDatabase(file));
    const stages = cli.settings().stages.map((s) => (s.id === 'lost' ? { ...s, name: 'Gone', definition: 'They went elsewhere.' } : s));
    cli.updateSettings({ stages }, STAFF);

    const moved = runtime.moveStage(ids[1]!, 'Gone', 'Booked elsewhere', STAFF); // the new name is found
    expect(moved.stage).toMatchObject({ id: 'lost', name: 'Gone' });
    expect(moved.timeline[0]!.summary).toMatch(/Gone/);
    expect(runtime.get(ids[0]!)!.stage.name).toBe('Gone');
    // A refusal names the stages as saved too, and leaves the next move free to read them again.
    expect(() => runtime.moveStage(ids[0]!, 'Closed', 'Again', STAFF)).toThrow(/There is no stage "Closed"\. The stages are: .*Gone \(lost\)/);
    expect(runtime.moveStage(ids[0]!, 'new inquiry', 'Came back', STAFF).stage.id).toBe('new-inquiry');
  });
});
