/** Pure text editing for the on-screen keyboard: a value with a selection in, a value with a caret out. */
export interface TextState {
  value: string;
  start: number;
  end: number;
}

/** Type `text` over the selection. */
export function insertText(state: TextState, text: string): TextState {
  const { value, start, end } = clamp(state);
  const caret = start + text.length;
  return { value: value.slice(0, start) + text + value.slice(end), start: caret, end: caret };
}

/** Delete the selection, or the one character before the caret. */
export function deleteBackward(state: TextState): TextState {
  const { value, start, end } = clamp(state);
  if (start !== end) return { value: value.slice(0, start) + value.slice(end), start, end: start };
  if (start === 0) return { value, start: 0, end: 0 };
  const before = [...value.slice(0, start)];
  before.pop(); // whole code point, so an emoji or accented letter goes in one press
  const head = before.join('');
  return { value: head + value.slice(start), start: head.length, end: head.length };
}

/** Should the next letter be a capital? (At the start of each word of a name.) */
export function startsWord(state: TextState): boolean {
  const { value, start } = clamp(state);
  return start === 0 || /\s$/.test(value.slice(0, start));
}

function clamp({ value, start, end }: TextState): TextState {
  const s = Math.max(0, Math.min(start, value.length));
  const e = Math.max(s, Math.min(end, value.length));
  return { value, start: s, end: e };
}
