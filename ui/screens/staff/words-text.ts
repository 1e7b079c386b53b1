/**
 * The words of "What the robot says" that need no page: a placeholder explained, a line filled in to be heard, the
 * search, and what a save sends (only the lines staff changed).
 */
import type { MessageLineView, MessagePlaceholderView, MessagesSave } from '../../../device/http/contract-messages.js';

/** "{price} is replaced by the service’s price — keep it." */
export function placeholderNote(p: MessagePlaceholderView): string {
  if (p.name === 'business') return `You may add {business}: it is replaced by ${p.means}.`;
  return `{${p.name}} is replaced by ${p.means} — ${p.required ? 'keep it' : 'you may leave it out'}.`;
}

/** The line as a visitor would hear it: each placeholder filled with its example. */
export function filledIn(text: string, placeholders: readonly MessagePlaceholderView[]): string {
  const examples = new Map(placeholders.map((p) => [p.name, p.example]));
  return text.replace(/\{(\w+)\}/g, (m, name: string) => examples.get(name) ?? m);
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Whether a line matches what staff searched: every word of it in the title, the words typed or in use, or the default. */
export function lineMatches(line: MessageLineView, typed: string, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = fold([line.title, typed, line.current, line.default].join(' \u0000 '));
  return words.every((w) => hay.includes(w));
}

/** The lines whose words staff changed (trimmed), each with its new words or null when they are the default's. */
export function changedLines(lines: readonly MessageLineView[], typed: (key: string) => string | undefined): MessagesSave['lines'] {
  const out: MessagesSave['lines'] = {};
  for (const line of lines) {
    const text = typed(line.key)?.trim();
    if (text === undefined || text === line.current) continue;
    out[line.key] = text === line.default ? null : text;
  }
  return out;
}
