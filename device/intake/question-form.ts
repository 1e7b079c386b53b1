/**
 * Whether something said is asked as a question, and what about (hours, prices, the address, parking), from the
 * words alone: a recognizer gives no question mark. An ordinary answer ("I'm here for a haircut", "my address is
 * ...", "I got a parking ticket") is said as a statement, so only what is asked as a question is answered.
 */
import { tokens } from '../../models/understanding/index.js';

const FILLER =
  '(?:um|uh|oh|so|ok|okay|sorry|hi|hey|hello|excuse me|quick question|one question|a question|by the way|actually|wait|and|but|also|yeah|well|just|then)';
/** Openings that ask: a question word, a helper verb put first, or words that announce a question. */
const ASKING_START = new RegExp(
  `^(?:${FILLER}\\s+)*(?:` +
    [
      "(?:what|when|where|which|who|why|how|whereabouts)(?:'s|s)?",
      'are|is|am|do|does|did|can|could|will|would|should|may|might|have|has',
      // "any parking?", but not an answer that starts so ("any time after five", "any day works").
      'any(?! (?:time|day|days|weekday|weekdays|morning|mornings|afternoon|afternoons|evening|evenings|one|of|is|will|works|would|way)\\b)',
      'tell me',
      "(?:i|i'm|i am) (?:was )?wondering",
      'i wonder',
      "(?:i'd|i would|i want to|i wanna|i'd like to|i need to) (?:like to )?know",
      'do you know',
      'what about',
      'how about',
      // A question put as a noun ("prices?", "price for a haircut", "opening times on Saturday").
      'price|prices|pricing|cost of|hours|opening hours|opening times|address|directions',
      // Said with the helper verb left out ("you guys open tomorrow?", "you take walk-ins?").
      "(?:you|you guys|you all|y'all|yall)(?: still)? (?:open|opened|closed|close|closing|take|accept|do|have|offer|sell|fix|treat|see|bill|handle|charge|work)",
      // ... or the subject too ("open on Sunday?", "still open?").
      // ("open to anything" is an answer: only before a day or a time, or alone.)
      '(?:still )?(?:open|closed)(?=$| (?:on|this|next|today|tonight|tomorrow|now|at|late|early|until|till|over|during|in|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\\b)',
      "(?:until|till|'til) (?:what time|when)",
    ].join('|') +
    ')\\b',
);

/** Whether `text` is asked as a question: a question mark, or words that ask. */
export function askedAsQuestion(text: string): boolean {
  return text.trim().endsWith('?') || ASKING_START.test(said(text));
}

/** The words as one lower-case string, for the topic tests below. */
export const said = (text: string): string => tokens(text).join(' ');

/** "close by", "closest": nearness, not a closing time. */
const NEAR = /\bclose (?:by|to)\b|\bclosest\b/g;

/** Asks about opening hours. */
export function asksHours(t: string): boolean {
  const u = t.replace(NEAR, ' ');
  return /\b(open|opens|opening|opened|close|closes|closing|closed|hours|how late|how early|until when|till when|shut)\b/.test(u);
}

/** Asks when the business closes ("how late are you open", "until what time"). */
export function asksClosing(t: string): boolean {
  const u = t.replace(NEAR, ' ');
  return /\b(close|closes|closing|shut|how late|until when|till when|until what time|till what time)\b/.test(u);
}

/** Asks when the business opens ("what time do you open", "how early"). */
export function asksOpening(t: string): boolean {
  return /\b(open|opens|opening)\b/.test(t) && /\b(when|what time|how early)\b/.test(t);
}

/** Asks what something costs. */
export function asksPrice(t: string): boolean {
  return /\b(how much|price|prices|priced|pricing|cost|costs|charge|charges|fee|fees|rate|rates|expensive|cheap|afford)\b/.test(t);
}

/** Asks where the business is, or the way there. */
export function asksAddress(t: string): boolean {
  if (asksParking(t)) return false;
  return (
    /\b(address|located|location|directions|find you|get to you|get there|get here|which floor|what floor|which street|what street|what building)\b/.test(t) ||
    /\b(?:where(?:'s| is| are)|whereabouts)\b/.test(t)
  );
}

/** Asks where to park. */
export function asksParking(t: string): boolean {
  return (
    /\b(park|parking|parked|carpark)\b/.test(t) ||
    (/\b(where|leave|put)\b/.test(t) && /\b(car|vehicle|truck|bike|motorbike)\b/.test(t) && !/\b(fix|repair|service)/.test(t))
  );
}
