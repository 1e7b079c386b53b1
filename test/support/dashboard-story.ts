/**
 * A generated contact's story for the dashboard's property tests (device/store/dashboard-reference.test.ts,
 * answered-dashboard.test.ts): a kiosk visit with its answers on a day of early 2026, New inquiry, some tags, a path
 * of stage changes hours apart, and maybe an outcome.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DEFAULT_CRM_SETTINGS } from '../../device/crm/defaults.js';
import type { CrmFieldValue } from '../../device/crm/types.js';
import type { Activity } from '../../sync/schemas/activity.js';

export const STORY_STAGES = DEFAULT_CRM_SETTINGS.stages.map((s) => s.id);
export const STORY_TAGS = ['haircut', 'hair-coloring', 'styling', 'instagram', 'google'];
const SOURCES = ['kiosk-voice', 'kiosk-touch', 'simulate'];
const ROBOT = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
const STAFF = { kind: 'staff' as const, id: null, name: 'Maya' };
const ORIGIN = { kind: 'device' as const, id: 'dev-1' };

/** What a story is made of (the answers apart): fc.record({ ...STORY_ARBITRARIES, ...a test's own answers }). */
export const STORY_ARBITRARIES = {
  day: fc.nat(60),
  minute: fc.nat(1440),
  source: fc.nat(SOURCES.length - 1),
  campaign: fc.option(fc.constantFrom('instagram', 'google', 'facebook'), { nil: null }),
  path: fc.array(fc.record({ stage: fc.nat(STORY_STAGES.length - 1), hours: fc.nat(400) }), { maxLength: 4 }),
  tags: fc.array(fc.boolean(), { minLength: STORY_TAGS.length, maxLength: STORY_TAGS.length }),
  outcome: fc.option(fc.record({ won: fc.boolean(), reason: fc.constantFrom('price', 'timing', 'no-response') }), { nil: null }),
};

export type StoryContact = { [K in keyof typeof STORY_ARBITRARIES]: (typeof STORY_ARBITRARIES)[K] extends fc.Arbitrary<infer T> ? T : never };

/** Contact `id`'s story, its visit giving `answers` (CrmService.importStory takes it). */
export function dashboardStory(id: string, c: StoryContact, answers: Record<string, CrmFieldValue> = { name: 'P' }): Activity[] {
  let t = Date.UTC(2026, 0, 1) + c.day * 86_400_000 + c.minute * 60_000;
  const a = (type: Activity['type'], data: unknown, by: Activity['by'] = STAFF): Activity =>
    ({ id: randomUUID(), contactId: id, at: new Date(t).toISOString(), by, origin: ORIGIN, type, data }) as Activity;
  const story: Activity[] = [
    a(
      'visit',
      {
        visitId: randomUUID(),
        channel: 'touch',
        source: { channel: SOURCES[c.source], deviceId: 'dev-1', site: null, campaign: c.campaign },
        answers,
        transcript: [],
        consent: null,
        returning: false,
        partial: false,
      },
      ROBOT,
    ),
    a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, ROBOT),
  ];
  c.tags.forEach((on, k) => on && story.push(a('tag-added', { tag: STORY_TAGS[k], category: 'service', matched: null }, ROBOT)));
  for (const step of c.path) {
    t += step.hours * 3_600_000 + 1;
    story.push(a('stage-changed', { from: null, to: STORY_STAGES[step.stage], note: 'on' }));
  }
  if (c.outcome) {
    t += 1;
    story.push(
      a('outcome', {
        result: c.outcome.won ? 'won' : 'lost',
        reason: c.outcome.won ? null : c.outcome.reason,
        wellQualified: null,
        objection: null,
        note: null,
      }),
    );
  }
  return story;
}
