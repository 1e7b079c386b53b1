/**
 * "Who is coming": after the visitor asked for a person (by voice or the form's button). Shows who is on the way
 * (or that someone from the team is), and updates when a staff member acknowledges the request ("Maria has seen your
 * request"). The visit stays open while it shows, so the robot can finish its sentence; leaving the screen ends it
 * (what the visitor consented to share is kept as a partial lead, nothing otherwise).
 */
import type { PersonComingView, UiEvent } from '../../device/http/contract.js';
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import type { AppContext, Screen } from './screen.js';

/** Long enough for someone to walk over; then the kiosk is free for the next visitor. */
export const COMING_MS = 3 * 60_000;

export function comingScreen(ctx: AppContext, visitId: string, person: PersonComingView): Screen {
  const title = h('h1', { class: 'coming-title', id: 'coming-who' });
  const seen = h('p', { class: 'coming-seen', id: 'coming-seen', role: 'status' });
  const show = (p: PersonComingView) => {
    title.textContent = p.text;
    seen.textContent = p.seenText ?? 'We have told the team. Please wait here.';
    seen.classList.toggle('is-seen', p.seenText !== null);
  };
  show(person);
  const timer = window.setTimeout(() => ctx.go({ screen: 'attract' }), COMING_MS);
  const el = h(
    'section',
    { class: 'screen screen-coming', 'data-screen': 'coming' },
    h('p', { class: 'business' }, ctx.config.businessName),
    title,
    seen,
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'coming-done', onclick: () => ctx.go({ screen: 'attract' }) }, 'Done'),
  );
  return {
    el,
    onEvent(event: UiEvent) {
      if (event.type === 'person-coming' && event.visitId === visitId) show(event.person);
    },
    dispose() {
      window.clearTimeout(timer);
      void api.cancelVisit(visitId).catch(() => undefined); // already ended (stored, walked away): nothing to do
    },
  };
}
