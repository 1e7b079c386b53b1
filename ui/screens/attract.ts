/** The attract screen: who we are, how to start, one huge touch target, and a discreet way in for staff. */
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';

/**
 * "Or just say “Hey Jarvis”" under the button while the robot listens, unless the staff's own attract text already
 * names the phrase: visitors cannot guess a wake word.
 */
export function wakeHint(attractText: string, phrase: string | null): HTMLElement[] {
  if (!phrase) return [];
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  if (` ${norm(attractText)} `.includes(` ${norm(phrase)} `)) return [];
  const said = phrase.replace(/\b[a-z]/g, (c) => c.toUpperCase());
  return [h('p', { class: 'attract-wake' }, `Or just say “${said}”`)];
}

export function attractScreen(ctx: AppContext): Screen {
  let disposed = false;
  const problem = h('p', { class: 'attract-problem', role: 'alert', hidden: true });
  const start = h(
    'button',
    { type: 'button', class: 'attract-start', id: 'start', onclick: () => void open() },
    h('span', { class: 'attract-start-label' }, 'Touch to start'),
  );

  async function open(): Promise<void> {
    start.disabled = true;
    problem.hidden = true;
    try {
      const visit = await api.openVisit();
      if (!disposed) ctx.go({ screen: 'form', visit });
    } catch {
      problem.textContent = 'Sorry, something went wrong. Please touch the screen to try again.';
      problem.hidden = false;
    } finally {
      start.disabled = false;
    }
  }

  const el = h(
    'section',
    { class: 'screen screen-attract', 'data-screen': 'attract' },
    h('h1', { class: 'attract-business' }, ctx.config.businessName),
    h('p', { class: 'attract-text' }, ctx.config.attractText),
    start,
    ...wakeHint(ctx.config.attractText, ctx.config.wakePhrase),
    problem,
    h('a', { class: 'staff-corner', href: '#/staff', 'aria-label': 'Staff' }, 'Staff'),
  );
  return {
    el,
    dispose() {
      disposed = true;
    },
  };
}
