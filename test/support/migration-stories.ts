/**
 * Stories written straight into the CRM for migration tests (device/store/migration-*.test.ts): contacts of January
 * 2026 with a kiosk visit, built activity by activity, and the query plan SQLite picks for a statement.
 */
import { randomUUID } from 'node:crypto';
import type { Dashboard } from '../../device/crm/types.js';
import type { Db } from '../../device/store/database.js';
import type { Activity } from '../../sync/schemas/activity.js';

export const STAFF = { kind: 'staff' as const, id: null, name: 'Maya' };
export const ROBOT = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
export const ORIGIN = { kind: 'device' as const, id: 'dev-1' };

const day = (from: string, to: string): Dashboard['range'] => ({ from, to, granularity: 'day' });
/** Time-in-stage ranges over January's stories: a year, a quarter, a month, one day, a range where no stay ended, and one that ends before it starts. */
export const TIME_IN_STAGE_RANGES: readonly Dashboard['range'][] = [
  day('2026-01-01', '2026-12-31'),
  day('2026-01-01', '2026-03-31'),
  day('2026-01-01', '2026-01-31'),
  day('2026-01-09', '2026-01-09'),
  day('2025-06-01', '2025-06-30'),
  day('2026-02-01', '2026-01-01'),
];

/** ISO time of day `day` of January 2026 (0 = the 1st), at hour `h` UTC. */
export const january = (day: number, h = 10): string => new Date(Date.UTC(2026, 0, 1 + day, h)).toISOString();

/** An activity of `contactId`'s story, by the robot on dev-1. */
export const activity = (contactId: string, type: Activity['type'], data: unknown, at: string): Activity =>
  ({ id: randomUUID(), contactId, at, by: ROBOT, origin: ORIGIN, type, data }) as Activity;

/** Visitor `i`'s touch visit at the kiosk (name P<i>, a phone of their own, a haircut). */
export const kioskVisit = (contactId: string, i: number, at: string, campaign: string | null = null): Activity =>
  activity(
    contactId,
    'visit',
    {
      visitId: randomUUID(),
      channel: 'touch',
      source: { channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign },
      answers: { name: `P${i}`, phone: `+1415555${String(1000 + i)}`, reason: 'haircut' },
      transcript: [],
      consent: null,
      returning: false,
      partial: false,
    },
    at,
  );

/** SQLite's plan for `sql`, its steps joined by " | ". */
export const queryPlan = (db: Db, sql: string, ...args: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
