/**
 * On-screen keyboard layouts, as data. A key either types its `key` text (letters follow shift) or is an action.
 * Every key is rendered as a button with `data-key` equal to its `key`, which tests and tools click.
 */
export type KeyboardKind = 'text' | 'email' | 'phone';
export type KeyAction = 'shift' | 'backspace' | 'next' | 'hide';

export interface KeyDef {
  key: string; // 'a', '1', '@', '.com', 'space', or the action name
  label: string;
  action?: KeyAction;
  /** Text to type; defaults to `key`. */
  text?: string;
  /** Relative width (1 = one letter key). */
  width?: number;
  /** Accessible name, for keys whose label is a symbol. */
  aria?: string;
}

export interface Layout {
  kind: KeyboardKind;
  rows: KeyDef[][];
}

const chars = (s: string): KeyDef[] => [...s].map((c) => ({ key: c, label: c }));
const SHIFT: KeyDef = { key: 'shift', label: '⇧', action: 'shift', width: 1.5, aria: 'Shift' };
const BACKSPACE: KeyDef = { key: 'backspace', label: '⌫', action: 'backspace', width: 1.5, aria: 'Delete' };
const SPACE: KeyDef = { key: 'space', label: 'space', text: ' ', width: 5 };
const NEXT: KeyDef = { key: 'next', label: 'Next', action: 'next', width: 2 };
const HIDE: KeyDef = { key: 'hide', label: 'Hide', action: 'hide', width: 1.5, aria: 'Hide keyboard' };

export const LAYOUTS: Record<KeyboardKind, Layout> = {
  text: {
    kind: 'text',
    rows: [
      chars('1234567890'),
      chars('qwertyuiop'),
      [...chars('asdfghjkl'), { key: "'", label: "'" }],
      [SHIFT, ...chars('zxcvbnm'), { key: '-', label: '-' }, BACKSPACE],
      [HIDE, { key: ',', label: ',' }, SPACE, { key: '.', label: '.' }, NEXT],
    ],
  },
  email: {
    kind: 'email',
    rows: [
      chars('1234567890'),
      chars('qwertyuiop'),
      [...chars('asdfghjkl'), { key: '_', label: '_' }],
      [SHIFT, ...chars('zxcvbnm'), { key: '-', label: '-' }, BACKSPACE],
      // No space key: email addresses have none.
      [HIDE, { key: '@', label: '@', width: 2 }, { key: '.', label: '.', width: 2 }, { key: '.com', label: '.com', width: 2.5 }, NEXT],
    ],
  },
  phone: {
    kind: 'phone',
    rows: [
      chars('123'),
      chars('456'),
      chars('789'),
      [
        { key: '+', label: '+' },
        { key: '0', label: '0' },
        { ...BACKSPACE, width: 1 },
      ],
      [
        { ...HIDE, width: 1 },
        { key: '-', label: '-' },
        { ...NEXT, width: 1 },
      ],
    ],
  },
};

export function isKeyboardKind(value: string | undefined): value is KeyboardKind {
  return value === 'text' || value === 'email' || value === 'phone';
}
