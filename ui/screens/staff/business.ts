/**
 * The business profile on the staff screen: name and texts, address, parking, services with prices and synonyms,
 * FAQ entries, and the opening hours read-only (they are one schedule, edited on the Opening hours tab, which follow-up
 * tasks count too). The robot answers visitors' questions from it from the next visit; the runtime checks it
 * (device/intake/business-schema.ts) and names every problem.
 */
import type { OpeningHoursView } from '../../../device/http/contract-hours.js';
import type { BusinessProfileReply, BusinessProfileView } from '../../../device/http/contract-intake.js';
import { ApiCallError, api } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import type { StaffContext, StaffTab } from './context.js';
import { dayWords, holidayWords, isSet, meaningWords, WEEK } from './hours-words.js';
import { seesEveryone } from './member.js';
import { saveFeedback } from './save-feedback.js';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const LIST_NAMES: Record<string, string> = { services: 'Services', faq: 'Questions' };
const BOX_NAMES: Record<string, string> = { name: 'Business name', greeting: 'Greeting', farewell: 'Farewell', address: 'Address', parking: 'Parking' };

/** "services[1].price" -> "Services, line 2"; "hours" -> "Opening hours": where a refused save's problem is. */
export function profilePlace(path: string): string {
  if (/^(hours|holidays|openingHours)\b/.test(path)) return 'Opening hours';
  const line = /^(services|faq)\[(\d+)\]/.exec(path);
  if (line) return `${LIST_NAMES[line[1]!]}, line ${Number(line[2]) + 1}`;
  return BOX_NAMES[path] ?? path;
}

function businessEditor(ctx: StaffContext): HTMLElement {
  const { token } = ctx;
  const onSessionEnd = () => ctx.sessionEnded();
  const el = h('section', { class: 'business-editor', 'aria-label': 'Business profile' });
  const { status, problems, lastSaved, showLastSaved, save: saveWith } = saveFeedback('business', onSessionEnd);
  const text = (name: string, label: string, value = '') => h('label', { class: 'intake-input' }, label, h('input', { type: 'text', name, value }));
  const area = (name: string, label: string, value: string) => h('label', { class: 'intake-input' }, label, h('textarea', { name, rows: 4 }, value));
  const form = h('form', { class: 'business-form', novalidate: true });
  const val = (name: string) => (form.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement | null)?.value.trim() ?? '';
  function draw(p: BusinessProfileView): void {
    replaceChildren(
      form,
      h('div', { class: 'intake-row' }, text('name', 'Business name', p.name)),
      // A sentence each: the whole of it in view, not cut at the box's edge.
      h('div', { class: 'intake-row business-sentences' }, text('greeting', 'Greeting', p.greeting), text('farewell', 'Farewell', p.farewell)),
      h(
        'p',
        { class: 'settings-hint' },
        'In the greeting and the farewell, {business} is said as the business name. Every other line the robot says is on the “Robot’s words” screen (Set up, Talking to visitors).',
      ),
      h(
        'div',
        { class: 'intake-row business-sentences' },
        text('address', 'Address', p.address ?? ''),
        text('parking', 'Parking (what the robot says when asked)', p.parking ?? ''),
      ),
      hoursCard(ctx, p.openingHours),
      area(
        'services',
        'Services (one per line: Haircut: $40 | cut, trim)',
        p.services.map((s) => `${s.name}: ${s.price}${s.synonyms.length ? ` | ${s.synonyms.join(', ')}` : ''}`).join('\n'),
      ),
      area(
        'faq',
        'Questions (one per line: do you take cards; can I pay by card => Yes, all major cards.)',
        p.faq.map((f) => `${f.phrasings.join('; ')} => ${f.answer}`).join('\n'),
      ),
    );
  }

  function read(): Partial<BusinessProfileView> {
    return {
      name: val('name'),
      greeting: val('greeting'),
      farewell: val('farewell'),
      ...(val('address') ? { address: val('address') } : {}),
      ...(val('parking') ? { parking: val('parking') } : {}),
      services: lines(val('services')).map((l) => {
        const [head = '', syn = ''] = l.split('|');
        const [name = '', ...price] = head.split(':');
        return {
          name: name.trim(),
          price: price.join(':').trim(),
          synonyms: syn
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        };
      }),
      faq: lines(val('faq')).map((l) => {
        const [asked = '', answer = ''] = l.split('=>');
        return {
          phrasings: asked
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean),
          answer: answer.trim(),
        };
      }),
    };
  }

  const shown = (p: BusinessProfileReply): void => {
    draw(p);
    showLastSaved(p.lastSaved);
  };
  const save = (): Promise<void> =>
    saveWith(async () => shown(await api.saveBusiness(token, read())), 'Saved. The robot answers from it from the next visit.', profilePlace);

  replaceChildren(
    el,
    h('h2', {}, 'Business profile'),
    form,
    h('div', { class: 'staff-actions' }, h('button', { type: 'button', class: 'btn btn-primary', id: 'business-save', onclick: () => void save() }, 'Save')),
    lastSaved,
    status,
    problems,
  );
  api.staffBusiness(token).then(shown, (err: unknown) => {
    if (err instanceof ApiCallError && err.status === 401) onSessionEnd();
    else status.textContent = 'Could not load the business profile. Check the device is on, then open this screen again.';
  });
  return el;
}

/** The Business tab of the staff screen (ui/screens/staff/tabs.ts). */
export const businessTab: StaffTab = {
  id: 'business',
  label: 'Business',
  render: (ctx) => ({ el: businessEditor(ctx) }),
};

/**
 * The opening hours, read-only: one schedule with the follow-up tasks' hours, changed on the Opening hours tab (by an
 * owner or a manager; others are told who can).
 */
function hoursCard(ctx: StaffContext, hours: OpeningHoursView): HTMLElement {
  const set = isSet(hours);
  return h(
    'section',
    { class: 'business-hours settings-card', id: 'business-hours', 'aria-label': 'Opening hours' },
    h('h3', {}, 'Opening hours'),
    h('p', { class: 'hours-note', id: 'hours-note' }, meaningWords(set)),
    set
      ? h(
          'ul',
          { class: 'business-hours-week', id: 'business-hours-week' },
          WEEK.map(([d, words]) => h('li', { 'data-day': d }, `${words}: ${dayWords(hours.week[d])}`)),
        )
      : null,
    hours.holidays.length
      ? h(
          'ul',
          { class: 'business-hours-holidays', id: 'business-hours-holidays' },
          hours.holidays.map((x) => h('li', {}, holidayWords(x))),
        )
      : null,
    hours.merged ? h('p', { class: 'hours-merged', role: 'note' }, hours.merged.note) : null,
    seesEveryone(ctx.member)
      ? h('button', { type: 'button', class: 'btn btn-secondary', id: 'business-change-hours', onclick: () => ctx.show('hours') }, 'Change opening hours')
      : h('p', { class: 'settings-hint' }, 'An owner or a manager changes them on the Opening hours tab.'),
  );
}
