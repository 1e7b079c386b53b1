/**
 * The business profile on the staff screen: name and texts, hours per weekday and holidays, address, parking,
 * services with prices and synonyms, FAQ entries. The robot answers visitors' questions from it from the next visit;
 * the runtime checks it (device/intake/business-schema.ts) and names every problem.
 */
import type { BusinessProfileReply, BusinessProfileView } from '../../../device/http/contract-intake.js';
import { ApiCallError, api } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import type { StaffTab } from './context.js';
import { saveFeedback } from './save-feedback.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const DAY_NAMES: Record<string, string> = Object.fromEntries(DAYS.map((d) => [d, d.charAt(0).toUpperCase() + d.slice(1)]));
const LIST_NAMES: Record<string, string> = { holidays: 'Holidays', services: 'Services', faq: 'Questions' };
const BOX_NAMES: Record<string, string> = { name: 'Business name', greeting: 'Greeting', farewell: 'Farewell', address: 'Address', parking: 'Parking' };

/** "hours.monday" -> "Opening hours, Monday"; "services[1].price" -> "Services, line 2": where a refused save's problem is. */
export function profilePlace(path: string): string {
  const day = /^hours\.(\w+)/.exec(path);
  if (day) return `Opening hours, ${DAY_NAMES[day[1]!] ?? day[1]}`;
  const line = /^(holidays|services|faq)\[(\d+)\]/.exec(path);
  if (line) return `${LIST_NAMES[line[1]!]}, line ${Number(line[2]) + 1}`;
  return BOX_NAMES[path] ?? path;
}

function businessEditor(token: string, onSessionEnd: () => void): HTMLElement {
  const el = h('section', { class: 'business-editor', 'aria-label': 'Business profile' });
  const { status, problems, lastSaved, showLastSaved, save: saveWith } = saveFeedback('business', onSessionEnd);
  const text = (name: string, label: string, value = '') => h('label', { class: 'intake-input' }, label, h('input', { type: 'text', name, value }));
  const area = (name: string, label: string, value: string) => h('label', { class: 'intake-input' }, label, h('textarea', { name, rows: 4 }, value));
  const form = h('form', { class: 'business-form', novalidate: true });
  const val = (name: string) => (form.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement | null)?.value.trim() ?? '';
  const checked = (name: string) => (form.querySelector(`[name="${name}"]`) as HTMLInputElement | null)?.checked === true;

  const setChecked = (name: string, on: boolean) => {
    const box = form.querySelector(`[name="${name}"]`) as HTMLInputElement | null;
    if (box) box.checked = on;
  };
  /** Says whether the robot will talk about hours, and greys each closed day's times. */
  function hoursShown(): void {
    const set = checked('hours-set');
    const note = form.querySelector('#hours-note');
    if (note)
      note.textContent = set
        ? 'Visitors who ask are told these hours. (Follow-up tasks count the hours on the Opening hours tab.)'
        : 'Not set: the robot does not talk about opening hours. Tick the box above (or open a day) to tell visitors.';
    for (const d of DAYS) {
      const closed = checked(`${d}-closed`);
      for (const t of ['open', 'close']) (form.querySelector(`[name="${d}-${t}"]`) as HTMLInputElement | null)?.toggleAttribute('data-off', !set || closed);
    }
  }

  function draw(p: BusinessProfileView): void {
    replaceChildren(
      form,
      h(
        'div',
        { class: 'intake-row' },
        text('name', 'Business name', p.name),
        text('greeting', 'Greeting', p.greeting),
        text('farewell', 'Farewell', p.farewell),
      ),
      h('div', { class: 'intake-row' }, text('address', 'Address', p.address ?? ''), text('parking', 'Parking', p.parking ?? '')),
      h(
        'fieldset',
        { class: 'business-hours' },
        h('legend', {}, 'Opening hours'),
        // No hours saved means the robot does not talk about hours at all; saving the days as shown would tell
        // visitors the business is closed every day. So the days count only once staff say the robot may tell them.
        h(
          'label',
          { class: 'intake-input' },
          h('input', { type: 'checkbox', name: 'hours-set', checked: Object.keys(p.hours).length > 0, onchange: hoursShown }),
          'The robot tells visitors these opening hours',
        ),
        h('p', { class: 'hours-note', id: 'hours-note' }),
        DAYS.map((d) => {
          const o = p.hours[d] ?? null;
          return h(
            'div',
            { class: 'intake-row', 'data-day': d },
            h('span', { class: 'day' }, d.charAt(0).toUpperCase() + d.slice(1)),
            h('input', { type: 'time', name: `${d}-open`, value: o?.open ?? '09:00', 'aria-label': `${d} opens` }),
            h('input', { type: 'time', name: `${d}-close`, value: o?.close ?? '18:00', 'aria-label': `${d} closes` }),
            h(
              'label',
              { class: 'intake-input' },
              h('input', {
                type: 'checkbox',
                name: `${d}-closed`,
                checked: o === null,
                // Opening a day means staff are writing the hours: the robot may tell them.
                onchange: (e: Event) => ((e.target as HTMLInputElement).checked ? undefined : setChecked('hours-set', true), hoursShown()),
              }),
              'Closed all day',
            ),
          );
        }),
      ),
      area('holidays', 'Holidays (one per line: 2026-12-25 Christmas)', p.holidays.map((x) => `${x.date} ${x.name}`).join('\n')),
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
    const hours: BusinessProfileView['hours'] = {};
    if (checked('hours-set')) for (const d of DAYS) hours[d] = checked(`${d}-closed`) ? null : { open: val(`${d}-open`), close: val(`${d}-close`) };
    return {
      name: val('name'),
      greeting: val('greeting'),
      farewell: val('farewell'),
      ...(val('address') ? { address: val('address') } : {}),
      ...(val('parking') ? { parking: val('parking') } : {}),
      hours,
      holidays: lines(val('holidays')).map((l) => {
        const [date = '', ...name] = l.split(/\s+/);
        return { date, name: name.join(' ') || 'Holiday', hours: null };
      }),
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
    hoursShown();
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
    else status.textContent = 'Could not load the business profile.';
  });
  return el;
}

/** The Business tab of the staff screen (ui/screens/staff/tabs.ts). */
export const businessTab: StaffTab = {
  id: 'business',
  label: 'Business',
  render: (ctx) => ({ el: businessEditor(ctx.token, () => ctx.sessionEnded()) }),
};
