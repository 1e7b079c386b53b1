/**
 * An on-screen PIN pad, for the staff and the technician screens. Digits show as dots; Enter (or the physical Enter
 * key) hands the PIN to `onEnter`. Keys carry `data-pin` ("0".."9", "clear", "back", "enter") for tests and tools.
 */
import type { PinRole, PinStatus } from '../../device/http/contract.js';
import { api, ApiCallError } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';

export const PIN_MAX_DIGITS = 12;

export interface PinPad {
  readonly el: HTMLElement;
  /** The error code of the last refused try (e.g. 'wrong_pin', 'pin_not_set'), null if none. */
  lastError: string | null;
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
    lastError: null,
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
    pad.lastError = err instanceof ApiCallError ? (err.body?.error ?? String(err.status)) : 'unreachable';
    pad.setMessage(pinFailure(err));
    pad.clear();
    pad.setBusy(false);
    return null;
  }
}

function pinFailure(err: unknown): string {
  // Wrong (and how long until the next try), locked, or no PIN set yet: the runtime says which and what to do.
  if (err instanceof ApiCallError && (err.status === 401 || err.status === 429 || err.status === 409) && err.body) return err.body.message;
  if (err instanceof ApiCallError && err.status === 401) return 'That PIN is not right. Please try again.';
  return 'Could not check the PIN just now. Please try again.';
}

export interface PinDoorOptions {
  role: PinRole;
  /** Heading of the PIN pad, e.g. "Staff". */
  title: string;
  /** id of the dots element of the login pad. */
  id: string;
}

/**
 * The way in to a role's screen: the PIN pad, or, on a new device without a PIN, "Choose a <role> PIN" (typed twice,
 * judged by the runtime), then the login with it. Calls `onToken` with the session token.
 */
export function pinDoor(
  opts: PinDoorOptions,
  frame: (pad: HTMLElement) => void,
  onToken: (token: string) => void,
): { dispose(): void; show(message?: string | null): void } {
  let pad: Pick<PinPad, 'el' | 'dispose'> | null = null;
  let disposed = false;
  const place = (next: Pick<PinPad, 'el' | 'dispose'>): void => {
    pad?.dispose();
    pad = next;
    frame(next.el);
  };

  /**
   * Staff: each member has their own PIN. With several members who can log in, they tap their name first; with one,
   * the pad alone (as on a first start). Over remote access the runtime lists no names: staff type theirs.
   */
  const showLogin = (message: string | null = null): void => {
    if (opts.role !== 'staff') return showPad(null, message);
    void api
      .staffMembers()
      .then(({ members, typeName }) => {
        if (disposed) return;
        if (typeName) showTypeName(message);
        else if (members.length > 1) showNames(members, message);
        else showPad(null, message);
      })
      .catch(() => !disposed && showPad(null, message));
  };
  const showNames = (members: { id: string; name: string }[], message: string | null): void => {
    const note = h('p', { class: 'pin-message', role: 'alert', hidden: !message }, message ?? '');
    const el = h(
      'div',
      { class: 'pin-pad pin-names' },
      h('h1', {}, opts.title),
      h('p', { class: 'pin-names-hint' }, 'Tap your name'),
      note,
      h(
        'div',
        { class: 'pin-name-list', id: 'staff-names' },
        members.map((m) => h('button', { type: 'button', class: 'btn pin-name', 'data-member': m.id, onclick: () => showPad(m, null, members) }, m.name)),
      ),
    );
    place({ el, dispose: () => undefined });
  };
  const showTypeName = (message: string | null): void => {
    const note = h('p', { class: 'pin-message', role: 'alert', hidden: !message }, message ?? '');
    const name = h('input', { type: 'text', class: 'text-input', id: 'staff-name-typed', autocomplete: 'username', maxlength: 80, 'aria-label': 'Your name' });
    const el = h(
      'form',
      {
        class: 'pin-pad pin-names',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const typed = name.value.trim();
          if (typed) showPad({ id: typed, name: typed }, null);
        },
      },
      h('h1', {}, opts.title),
      h('p', { class: 'pin-names-hint' }, 'Type your name'),
      note,
      name,
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'staff-name-next' }, 'Next'),
    );
    place({ el, dispose: () => undefined });
    name.focus();
  };
  const showPad = (member: { id: string; name: string } | null, message: string | null, members: { id: string; name: string }[] = []): void => {
    const login = opts.role === 'technician' ? api.technicianLogin : (pin: string) => (member ? api.staffLogin(pin, member.id) : api.staffLogin(pin));
    const p = pinPad((pin) => void enter(p, pin, login), { title: member ? member.name : opts.title, id: opts.id });
    p.setMessage(message);
    if (member)
      p.el.append(
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary pin-not-me',
            id: 'pin-not-me',
            onclick: () => (members.length ? showNames(members, null) : showTypeName(null)),
          },
          'Not you?',
        ),
      );
    place(p);
  };
  const enter = async (p: PinPad, pin: string, login: (pin: string) => Promise<{ token: string }>): Promise<void> => {
    const token = await checkPin(p, pin, login);
    if (token && !disposed && pad === p) {
      p.dispose();
      pad = null;
      onToken(token);
    } else if (!token && !disposed && p.lastError === 'pin_not_set') void show();
    else if (!token && !disposed && p.lastError === 'member_required') showLogin('Tap your name first, then enter your PIN.');
  };

  const showChoose = (status: PinStatus, message: string | null = null): void => {
    const first = pinPad(
      (pin) => {
        if (pin.length < status.minDigits) return (first.setMessage(`Use at least ${status.minDigits} digits.`), first.clear());
        const second = pinPad((again) => void confirm(second, status, pin, again), {
          title: `Enter the new ${opts.role} PIN again`,
          id: `${opts.role}-pin-confirm`,
        });
        place(second);
      },
      { title: `Choose a ${opts.role} PIN`, id: `${opts.role}-pin-new` },
    );
    first.setMessage(
      message ??
        `No ${opts.role} PIN is set yet. Choose one of at least ${status.minDigits} digits that only ${opts.role === 'staff' ? 'your staff' : 'technicians'} know.`,
    );
    place(first);
  };
  const confirm = async (p: PinPad, status: PinStatus, pin: string, again: string): Promise<void> => {
    if (pin !== again) return showChoose(status, 'The two PINs differ. Choose the PIN again.');
    p.setBusy(true);
    try {
      await api.choosePin(opts.role, pin, again);
    } catch (err) {
      if (disposed) return;
      if (err instanceof ApiCallError && err.status === 409) return showLogin('A PIN was set meanwhile. Enter it.');
      return showChoose(status, err instanceof ApiCallError && err.body ? err.body.message : 'Could not save the PIN just now. Please try again.');
    }
    if (disposed) return;
    const token = await checkPin(p, pin, opts.role === 'staff' ? (x) => api.staffLogin(x) : api.technicianLogin);
    if (token && !disposed) {
      p.dispose();
      pad = null;
      onToken(token);
    }
  };

  const show = async (message: string | null = null): Promise<void> => {
    let status: PinStatus | null = null;
    try {
      status = await api.pinStatus(opts.role);
    } catch {
      // the runtime did not answer: the login pad says so on the first try
    }
    if (disposed) return;
    if (status && !status.set) showChoose(status);
    else showLogin(message);
  };

  return {
    show: (message = null) => void show(message),
    dispose() {
      disposed = true;
      pad?.dispose();
      pad = null;
    },
  };
}
