/** Thank-you screen: names the business and the customer, then returns to the attract screen by itself. */
import { h } from '../lib/dom.js';
import { firstName } from '../lib/validate.js';
import type { AppContext, Screen } from './screen.js';

export const THANKS_MS = 8000;

export function thanksScreen(ctx: AppContext, name: string): Screen {
  const first = firstName(name);
  const timer = window.setTimeout(() => ctx.go({ screen: 'attract' }), THANKS_MS);
  const el = h(
    'section',
    { class: 'screen screen-thanks', 'data-screen': 'thanks' },
    h('h1', { class: 'thanks-title' }, first ? `Thank you, ${first}!` : 'Thank you!'),
    h('p', { class: 'thanks-text' }, `Someone from ${ctx.config.businessName} will be with you shortly.`),
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'done', onclick: () => ctx.go({ screen: 'attract' }) }, 'Done'),
  );
  return { el, dispose: () => window.clearTimeout(timer) };
}
