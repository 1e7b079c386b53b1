/** "Are you still there?": shown a little before the idle timeout; any touch (the idle timer sees it) hides it. */
import { h } from './lib/dom.js';

/** Warn this long before the idle timeout (or a third of the timeout, if that is shorter). */
export const IDLE_WARNING_MS = 15_000;

export function idleWarningMs(idleTimeoutMs: number): number {
  return Math.min(IDLE_WARNING_MS, Math.floor(idleTimeoutMs / 3));
}

export class IdleWarning {
  readonly el = h(
    'div',
    { class: 'idle-warning', role: 'alertdialog', 'aria-labelledby': 'idle-warning-title', hidden: true },
    h(
      'div',
      { class: 'idle-warning-box' },
      h('p', { class: 'idle-warning-title', id: 'idle-warning-title' }, 'Are you still there?'),
      h('p', {}, 'Touch the screen to keep going, or we will start over soon.'),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'still-here' }, "I'm still here"),
    ),
  );

  show(): void {
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
  }
}
