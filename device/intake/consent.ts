/**
 * Consent that holds up: the record keeps the exact words shown on the screen and spoken by the robot, their
 * version (a SHA-256 of both, so a changed text is a new version), the channel the visitor agreed on, the language
 * and the time.
 */
import { createHash } from 'node:crypto';

export interface ConsentRecord {
  given: boolean;
  /** The consent text shown beside the checkbox. */
  text: string;
  /** What the robot said to ask for it. */
  spoken: string;
  /** 'sha256:<hex>' of the shown and the spoken text. */
  version: string;
  channel: 'voice' | 'touch';
  language: string;
  /** ISO time of the agreement. */
  at: string;
}

export function consentVersion(shown: string, spoken: string): string {
  return `sha256:${createHash('sha256').update(`${shown}\n${spoken}`).digest('hex')}`;
}

export function consentRecord(o: { given: boolean; shown: string; spoken: string; channel: 'voice' | 'touch'; language: string; at: Date }): ConsentRecord {
  return {
    given: o.given,
    text: o.shown,
    spoken: o.spoken,
    version: consentVersion(o.shown, o.spoken),
    channel: o.channel,
    language: o.language,
    at: o.at.toISOString(),
  };
}
