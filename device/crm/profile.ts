/**
 * The profile a rep reads in ten seconds: who, what they want, when they came, how to reach them, what was promised,
 * the stage and the last note. Built from the projection only, so the same story always gives the same words (no
 * clock, no randomness, no model).
 */
import type { Actor } from './types.js';

export interface ProfileInput {
  name: string;
  phone: string | null;
  email: string | null;
  /** Which of phone and email were heard by voice and never confirmed by the visitor: the rep checks them first. */
  unconfirmed?: { phone: boolean; email: boolean };
  /** Names of the tags by category name, e.g. { 'Service interest': ['Hair coloring'] }. */
  tagsByCategory: Record<string, string[]>;
  /** Free-text answers worth reading (label -> text). */
  said: Record<string, string>;
  firstVisitAt: string | null;
  lastVisitAt: string | null;
  visits: number;
  /** 'voice' | 'touch' | 'mixed' | 'text' of the last visit. */
  channel: string | null;
  campaign: string | null;
  consent: boolean | null;
  /** What the robot told them it would happen next (its last promise in the transcript). */
  promised: string | null;
  stage: { name: string; since: string | null };
  outcome: { result: 'won' | 'lost'; reason: string | null } | null;
  lastNote: { text: string; at: string; by: Actor } | null;
  timeZone: string;
}

const MAX = 4000;

const formats = new Map<string, Intl.DateTimeFormat>();

function day(iso: string, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' })));
  return f.format(new Date(iso));
}

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Lines of the profile, joined with newlines. */
export function buildProfile(p: ProfileInput): string {
  const lines: string[] = [];
  lines.push(`Who: ${clip(p.name || 'Unknown visitor', 120)}`);
  const wants = Object.entries(p.tagsByCategory)
    .filter(([, names]) => names.length)
    .map(([cat, names]) => `${names.join(', ')} (${cat.toLowerCase()})`);
  const said = Object.entries(p.said).map(([label, text]) => `${label}: "${clip(text, 200)}"`);
  lines.push(`Wants: ${[...wants, ...said].join('; ') || 'not said'}`);
  if (p.firstVisitAt) {
    const first = day(p.firstVisitAt, p.timeZone);
    const last = p.lastVisitAt ? day(p.lastVisitAt, p.timeZone) : first;
    const how = p.channel ? ` by ${p.channel === 'text' ? 'simulation' : p.channel}` : '';
    const from = p.campaign ? `, heard of us via ${p.campaign}` : '';
    lines.push(p.visits > 1 ? `Came: ${p.visits} visits, first ${first}, last ${last}${how}${from}` : `Came: ${first}${how}${from}`);
  } else lines.push('Came: no visit recorded');
  const mark = (v: string | null, unsure: boolean | undefined) => (v && unsure ? `${v} (not confirmed)` : v);
  const reach = [mark(p.phone, p.unconfirmed?.phone), mark(p.email, p.unconfirmed?.email)].filter((x): x is string => !!x);
  lines.push(`Reach: ${reach.join(', ') || 'no phone or email'}${p.consent === false ? ' (no consent to contact)' : p.consent ? ' (consented)' : ''}`);
  if (p.promised) lines.push(`Promised: "${clip(p.promised, 200)}"`);
  const since = p.stage.since ? ` since ${day(p.stage.since, p.timeZone)}` : '';
  const outcome = p.outcome ? ` — ${p.outcome.result}${p.outcome.reason ? ` (${p.outcome.reason})` : ''}` : '';
  lines.push(`Stage: ${p.stage.name}${since}${outcome}`);
  if (p.lastNote) lines.push(`Last note: "${clip(p.lastNote.text, 300)}" — ${clip(p.lastNote.by.name, 60)}, ${day(p.lastNote.at, p.timeZone)}`);
  const text = lines.join('\n');
  return text.length > MAX ? text.slice(0, MAX) : text;
}

const PROMISE = /\b(will|we'll|going to|get back|call you|be in touch|contact you|reach out)\b/i;

/** The robot's last line that promises something, from a visit transcript. */
export function promiseIn(transcript: readonly { who: string; text: string }[]): string | null {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const l = transcript[i]!;
    if (l.who === 'robot' && PROMISE.test(l.text)) return l.text;
  }
  return null;
}
