/**
 * Opening hours: the time zone, the hours of each weekday and the closed days. Follow-up tasks due outside these
 * hours fall due after the next opening. Checked by the runtime (each refusal next to its day); effective at once.
 */
import type { HandoffSettingsView } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { DAY_WORDS, field, input, saveBar, saveHandoff, spansFrom, spansText } from './handoff-form.js';
import { seesEveryone } from './member.js';

export const hoursTab: StaffTab = { id: 'hours', label: 'Opening hours', render: hoursView, shownTo: seesEveryone };

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

function hoursView(ctx: StaffContext): StaffView {
  let holidays: string[] = [];
  const status = h('p', { class: 'staff-status', role: 'status', id: 'hours-status' }, 'Loading…');
  const form = h('div', { class: 'hours-form', id: 'hours-form' });
  const bar = saveBar('hours', () => void save());
  const zone = input('businessHours.timezone', '', { id: 'hours-zone', list: 'hours-zones', placeholder: 'the robot’s time zone', 'aria-label': 'Time zone' });
  const zoneList = h('datalist', { id: 'hours-zones' }, ...zones().map((z) => h('option', { value: z })));
  const days = new Map(
    DAY_WORDS.map(([day, words]) => [day, input(`businessHours.week.${day}`, '', { id: `hours-${day}`, 'aria-label': words, placeholder: 'closed' })]),
  );
  const closedList = h('ul', { class: 'hours-holidays', id: 'hours-holidays', 'data-path': 'businessHours.holidays' });
  const newDay = h('input', { type: 'date', id: 'hours-new-holiday', 'aria-label': 'A closed day' });

  const drawHolidays = () =>
    replaceChildren(
      closedList,
      ...holidays.map((d, i) =>
        h(
          'li',
          { 'data-path': `businessHours.holidays.${i}` },
          new Date(`${d}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              onclick: () => {
                holidays = holidays.filter((_, j) => j !== i);
                drawHolidays();
              },
            },
            'Open after all',
          ),
        ),
      ),
      holidays.length ? null : h('li', { class: 'contacts-empty' }, 'No closed days.'),
    );
  const addDay = () => {
    if (!newDay.value || holidays.includes(newDay.value)) return;
    holidays = [...holidays, newDay.value].sort();
    newDay.value = '';
    drawHolidays();
  };

  replaceChildren(
    form,
    h(
      'div',
      { class: 'settings-card' },
      h('h3', {}, 'Time zone'),
      field('Time zone', zone, 'Where the business is, e.g. Europe/Paris. Leave empty to use the robot’s.'),
      zoneList,
    ),
    h(
      'div',
      { class: 'settings-card' },
      h('h3', {}, 'Hours'),
      h(
        'p',
        { class: 'settings-hint' },
        'Like 09:00-19:00, or 09:00-12:30, 14:00-19:00. Leave a day empty when closed. Follow-up tasks count only these hours; the hours the robot tells visitors are on the Business tab.',
      ),
      h(
        'div',
        { class: 'week-grid' },
        DAY_WORDS.flatMap(([day, words]) => [h('span', {}, words), days.get(day)!]),
      ),
    ),
    h(
      'div',
      { class: 'settings-card' },
      h('h3', {}, 'Closed days'),
      closedList,
      h(
        'div',
        { class: 'person-pin-row' },
        newDay,
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'hours-add-holiday', onclick: addDay }, 'Add closed day'),
      ),
    ),
  );

  const draw = (s: HandoffSettingsView) => {
    zone.value = s.businessHours.timezone ?? '';
    for (const [day, el] of days) el.value = spansText(s.businessHours.week[day as keyof typeof s.businessHours.week]);
    holidays = [...s.businessHours.holidays];
    drawHolidays();
  };

  async function load(): Promise<void> {
    try {
      draw(await handoffApi.settings(ctx.token));
      status.textContent = 'Tasks due while closed fall due after the next opening.';
    } catch (err) {
      const m = failureMessage(ctx, err, 'Could not load the opening hours.');
      if (m) status.textContent = m;
    }
  }

  async function save(): Promise<void> {
    const businessHours = {
      ...(zone.value.trim() ? { timezone: zone.value.trim() } : {}),
      week: Object.fromEntries([...days].map(([day, el]) => [day, spansFrom(el.value)])),
      holidays,
    };
    const saved = await saveHandoff(ctx, form, bar, { businessHours });
    if (saved) draw(saved);
  }

  const el = h('section', { class: 'staff-hours' }, h('div', { class: 'staff-header' }, h('h2', {}, 'Opening hours')), status, form, bar.el);
  void load();
  return { el, refresh: () => void load() };
}
