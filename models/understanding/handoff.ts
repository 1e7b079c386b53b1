/**
 * "I want to talk to a person", in the ways people say it. Only a request for a person counts: an answer that
 * mentions people ("a friend told me", "my name is Person") does not.
 */
import { tokens } from './words.js';

const WHO =
  '(?:a |an |the |some |one of your |to )?(?:real |actual |live )?(?:person|human(?: being)?|someone|somebody|anyone|anybody|staff(?: member)?|member of (?:your |the )?staff|receptionist|manager|employee|representative|rep|agent|operator|people|team member|someone from (?:your |the )?team|(?:a )?stylist|doctor|lawyer|trainer)';
const PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:talk|speak|chat)(?:ing)? (?:to|with) ${WHO}\\b`),
  new RegExp(`\\b(?:get|call|fetch|find|send|bring) (?:me |over )?${WHO}\\b`),
  new RegExp(`\\b(?:i (?:want|need|would like|'d like|wanna)|can i (?:have|get|see)|could i (?:have|get|see)|may i (?:see|speak to)) ${WHO}\\b`),
  new RegExp(`^(?:${WHO})(?: please)?$`),
  /\b(?:is there|are there) (?:anyone|someone|somebody|a person|staff)(?: here| around| i can (?:talk|speak) to| working)?\b/,
  /\b(?:can|could) (?:someone|somebody|a person|a human|anyone) (?:help|come|assist)\b/,
  /\b(?:not|no more|stop) (?:talking to )?(?:a |the )?(?:robot|machine)\b/,
  /\b(?:don't|do not|dont) want to (?:talk|speak) (?:to|with) (?:a |the )?(?:robot|machine)\b/,
  /\b(?:human|person|operator|representative|agent) please\b/,
];

/** Whether `text` asks for a person. */
export function asksForPerson(text: string): boolean {
  const t = tokens(text).join(' ');
  return PATTERNS.some((p) => p.test(t));
}
