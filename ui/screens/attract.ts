/** The attract screen: who we are, how to start, one huge touch target, and a discreet way in for staff. */
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';

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
