/**
 * The on-screen keyboard. It appears while an input with a `data-keyboard` attribute ("text" | "email" | "phone")
 * (or textarea) has focus, types into that input as if a person typed (an `input` event per key), and never takes focus itself:
 * keys cancel pointerdown/mousedown so the caret stays in the field. Inputs carry `inputmode="none"` so no
 * OS keyboard appears; a physical keyboard keeps working as usual.
 */
import { h, replaceChildren } from '../lib/dom.js';
import { fieldControlsAfter, focusNextField } from '../lib/focus.js';
import { deleteBackward, insertText, startsWord, type TextState } from './edit.js';
import { isKeyboardKind, LAYOUTS, type KeyDef, type KeyboardKind } from './layouts.js';

const PENDING_HIDE_FALLBACK_MS = 400;

/** What the keyboard types into: one-line inputs, and the staff screens' notes (textareas). */
type TextField = HTMLInputElement | HTMLTextAreaElement;
const isTextField = (el: EventTarget | null): el is TextField => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;

export class OnScreenKeyboard {
  readonly el: HTMLElement;
  private target: TextField | null = null;
  private kind: KeyboardKind = 'text';
  private shift = false;
  private pendingHide = false;
  private pendingTimer: number | undefined;
  private pointerDown = false;

  constructor(private readonly doc: Document = document) {
    this.el = h('div', { class: 'osk', role: 'group', 'aria-label': 'On-screen keyboard', hidden: true });
    // Keep focus (and the caret) in the field: keys must never become the active element.
    for (const type of ['pointerdown', 'mousedown'] as const) {
      this.el.addEventListener(type, (e) => e.preventDefault());
    }
    this.el.addEventListener('click', (e) => this.onClick(e));
    doc.addEventListener('focusin', (e) => this.onFocusIn(e));
    doc.addEventListener('focusout', (e) => this.onFocusOut(e));
    // A pending hide waits for the end of the tap that moved focus (see onFocusOut).
    const win = doc.defaultView;
    win?.addEventListener('click', () => this.hideIfPending());
    win?.addEventListener('pointerdown', () => (this.pointerDown = true), { capture: true });
    for (const type of ['pointerup', 'pointercancel'] as const) {
      win?.addEventListener(type, () => (this.pointerDown = false), { capture: true });
    }
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  private onFocusIn(e: FocusEvent): void {
    const input = e.target;
    if (isTextField(input) && isKeyboardKind(input.dataset.keyboard)) this.show(input);
  }

  /**
   * Focus leaving for another text field keeps the keyboard (focusin re-lays it out). Leaving for anything else
   * hides it, but only once the tap that moved focus has ended: hiding at pointer-down would shift the layout under
   * the finger, and the click (e.g. on Send) would land on whatever moved there. A fallback covers taps that never
   * become clicks (a drag, the Tab key).
   */
  private onFocusOut(e: FocusEvent): void {
    const next = e.relatedTarget;
    if (isTextField(next) && isKeyboardKind(next.dataset.keyboard)) return;
    this.pendingHide = true;
    this.armFallback();
  }

  /** Hides after a while if no click came, but never while a finger or button is still down (a long press). */
  private armFallback(): void {
    window.clearTimeout(this.pendingTimer);
    this.pendingTimer = window.setTimeout(() => {
      if (this.pointerDown) this.armFallback();
      else this.hideIfPending();
    }, PENDING_HIDE_FALLBACK_MS);
  }

  private hideIfPending(): void {
    if (this.pendingHide) this.hide();
  }

  show(input: TextField): void {
    this.pendingHide = false;
    const kind = isKeyboardKind(input.dataset.keyboard) ? input.dataset.keyboard : 'text';
    const changed = !this.visible || kind !== this.kind;
    this.target = input;
    this.kind = kind;
    this.shift = this.autoShift();
    this.render();
    this.el.hidden = false;
    this.doc.body.classList.add('osk-open');
    if (changed) input.scrollIntoView({ block: 'center' });
  }

  hide(): void {
    this.pendingHide = false;
    window.clearTimeout(this.pendingTimer);
    this.target = null;
    this.el.hidden = true;
    this.doc.body.classList.remove('osk-open');
  }

  private render(): void {
    const layout = LAYOUTS[this.kind];
    this.el.dataset.layout = layout.kind;
    replaceChildren(
      this.el,
      layout.rows.map((row) =>
        h(
          'div',
          { class: 'osk-row' },
          row.map((key) => this.renderKey(key)),
        ),
      ),
    );
  }

  private renderKey(key: KeyDef): HTMLButtonElement {
    const label = this.shift && !key.action && key.label.length === 1 ? key.label.toUpperCase() : key.label;
    const button = h(
      'button',
      {
        type: 'button',
        tabindex: -1,
        class: `osk-key${key.action ? ` osk-${key.action}` : ''}`,
        'data-key': key.key,
        'aria-label': key.aria ?? null,
        'aria-pressed': key.action === 'shift' ? String(this.shift) : null,
      },
      key.key === 'next' ? this.nextLabel() : label,
    );
    button.style.flexGrow = String(key.width ?? 1); // CSSOM, not a style attribute: allowed under a strict CSP
    return button;
  }

  private onClick(e: Event): void {
    const button = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-key]');
    const input = this.target;
    if (!button || !input) return;
    const key = LAYOUTS[this.kind].rows.flat().find((k) => k.key === button.dataset.key);
    if (!key) return;
    if (this.doc.activeElement !== input) input.focus({ preventScroll: true });
    switch (key.action) {
      case 'shift':
        this.shift = !this.shift;
        break;
      case 'backspace':
        this.edit(deleteBackward(this.state(input)), 'deleteContentBackward');
        break;
      case 'next':
        this.focusNext(input);
        return;
      case 'hide':
        input.blur();
        return;
      default: {
        const raw = key.text ?? key.key;
        this.edit(insertText(this.state(input), this.shift ? raw.toUpperCase() : raw), 'insertText', raw);
        this.shift = this.autoShift();
      }
    }
    this.render();
  }

  private state(input: TextField): TextState {
    const end = input.value.length;
    return { value: input.value, start: input.selectionStart ?? end, end: input.selectionEnd ?? end };
  }

  private edit(next: TextState, inputType: string, data: string | null = null): void {
    const input = this.target;
    if (!input) return;
    input.value = next.value;
    input.setSelectionRange(next.start, next.end);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data }));
  }

  /** Names start each word with a capital; other fields never auto-shift. */
  private autoShift(): boolean {
    const input = this.target;
    return !!input && input.dataset.autocap === 'words' && startsWord(this.state(input));
  }

  private nextLabel(): string {
    return this.target && fieldControlsAfter(this.target, this.doc).length > 0 ? 'Next' : 'Done';
  }

  private focusNext(input: TextField): void {
    if (!focusNextField(input, this.doc)) input.blur();
  }
}
