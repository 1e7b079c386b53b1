/**
 * An on-screen PIN pad, for the staff and the technician screens. Digits show as dots; Enter (or the physical Enter
 * key) hands the PIN to `onEnter`. Keys carry `data-pin` ("0".."9", "clear", "back", "enter") for tests and tools.
 */
import { ApiCallError } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';

export const PIN_MAX_DIGITS = 12;

export interface PinPad {
  readonly el: HTMLElement;
  setMessage(message: string | null): void;
  setBusy(busy: boolean): void;
  clear(): void;
  dispose(): void;
}

export interface PinPadOptions {
  /** Heading above the dots (default "Staff"). */
  title?: string;
  /** id of the dots element (default "staff-pin"). */
  id?: string;
}

export function pinPad(onEnter: (pin: string) => void, options: PinPadOptions = {}): PinPad {
  let pin = '';
  const dots = h('div', { class: 'pin-dots', id: options.id ?? 'staff-pin', role: 'status', 'aria-live': 'polite' });
  const message = h('p', { class: 'pin-message', role: 'alert', hidden: true });
  const render = () => {
    replaceChildren(dots, pin.length === 0 ? h('span', { class: 'pin-hint' }, 'Enter PIN') : '•'.repeat(pin.length));
    dots.setAttribute('aria-label', `${pin.length} digits entered`);
  };
  const press = (key: string) => {
    if (/^\d$/.test(key) && pin.length < PIN_MAX_DIGITS) pin += key;
    else if (key === 'back') pin = pin.slice(0, -1);
    else if (key === 'clear') pin = '';
    else if (key === 'enter' && pin.length > 0) onEnter(pin);
    render();
  };
  const key = (value: string, label: string, extra = '') =>
    h('button', { type: 'button', class: `pin-key ${extra}`, 'data-pin': value, onclick: () => press(value) }, label);

  const grid = h(
    'div',
    { class: 'pin-grid' },
    ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, d)),
    key('clear', 'Clear', 'pin-aux'),
    key('0', '0'),
    key('back', '⌫', 'pin-aux'),
  );
  const enter = key('enter', 'Enter', 'pin-enter');
  const onKey = (e: KeyboardEvent) => {
    if (/^\d$/.test(e.key)) press(e.key);
    else if (e.key === 'Backspace') press('back');
    else if (e.key === 'Enter') press('enter');
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  render();

  return {
    el: h('div', { class: 'pin-pad' }, h('h1', {}, options.title ?? 'Staff'), dots, message, grid, enter),
    setMessage(text) {
      message.textContent = text ?? '';
      message.hidden = !text;
    },
    setBusy(busy) {
      for (const b of [...grid.querySelectorAll('button'), enter]) b.disabled = busy;
    },
    clear() {
      pin = '';
      render();
    },
    dispose: () => document.removeEventListener('keydown', onKey),
  };
}

/**
 * Checks a PIN entered on `pad` with `login` (the staff or the technician login) and returns the session token.
 * On failure the pad says why (wrong PIN, locked for a while after too many, runtime unreachable), clears and
 * takes the next try, and the result is null.
 */
export async function checkPin(pad: PinPad, pin: string, login: (pin: string) => Promise<{ token: string }>): Promise<string | null> {
  pad.setBusy(true);
  try {
    return (await login(pin)).token;
  } catch (err) {
    pad.setMessage(pinFailure(err));
    pad.clear();
    pad.setBusy(false);
    return null;
  }
}

function pinFailure(err: unknown): string {
  if (err instanceof ApiCallError && err.status === 401) return 'That PIN is not right. Please try again.';
  // Locked after too many wrong PINs: the runtime says for how long.
  if (err instanceof ApiCallError && err.status === 429 && err.body) return err.body.message;
  return 'Could not check the PIN just now. Please try again.';
}
