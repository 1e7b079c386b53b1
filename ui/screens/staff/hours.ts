/**
 * Opening hours: the business's one weekly schedule with its holidays and closed days, and its time zone. The robot
 * tells visitors these hours ("are you open on Sunday?") and follow-up tasks count only these hours; the Business tab
 * shows them read-only and links here. Unset (no day has hours): the robot does not talk about hours and tasks count
 * every hour. Checked by the runtime's one validator (each refusal next to its day); in force at once.
 */
import type { OpeningHoursReply, OpeningHoursView, WeekdayKey } from '../../../device/http/contract-hours.js';
import type { SettingsRefusal } from '../../../device/http/contract-intake.js';
import { ApiCallError, api } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { clearIssues, placeIssues, saveBar } from './handoff-form.js';
import { dataPath, dateWords, dayWords, hoursPlace, isSet, meaningWords, WEEK } from './hours-words.js';
import { seesEveryone } from './member.js';
import { lastSavedText } from './save-feedback.js';

export const hoursTab: StaffTab = { id: 'hours', label: 'Opening hours', render: hoursView, shownTo: seesEveryone };

type Holiday = OpeningHoursView['holidays'][number];

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

/** A time picker's "00:00" as a closing time is midnight ("24:00" in the schedule), and back. */
const closing = (t: string) => (t === '00:00' ? '24:00' : t);
const shownClosing = (t: string) => (t === '24:00' ? '00:00' : t);

function timeInput(value: string, label: string, onChange: (v: string) => void, id?: string): HTMLInputElement {
  const el = h('input', { type: 'time', class: 'hours-time', value, 'aria-label': label, ...(id ? { id } : {}) });
  el.addEventListener('input', () => onChange(el.value));
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

function hoursView(ctx: StaffContext): StaffView {
  let week = Object.fromEntries(WEEK.map(([d]) => [d, [] as string[]])) as Record<WeekdayKey, string[]>;
  let holidays: Holiday[] = [];
  const status = h('p', { class: 'staff-status', role: 'status', id: 'hours-status' }, 'Loading…');
  const meaning = h('p', { class: 'hours-meaning', id: 'hours-meaning' });
  const merged = h('div', { class: 'hours-merged', id: 'hours-merged', role: 'note', hidden: true });
  const lastSaved = h('p', { class: 'staff-last-saved', id: 'hours-last-saved' });
  const form = h('div', { class: 'hours-form', id: 'hours-form' });
  const bar = saveBar('hours', () => void save());
  const zone = h('input', {
    type: 'text',
    class: 'text-input',
    id: 'hours-zone',
    'data-path': 'timezone',
    'data-keyboard': 'text',
    inputmode: 'none',
    list: 'hours-zones',
    maxlength: 64,
    'aria-label': 'Time zone',
  });
  const zoneHint = h('small', { class: 'settings-hint', id: 'hours-zone-hint' });
  const weekRows = h('div', { class: 'hours-week', id: 'hours-week' });
  const closedList = h('ul', { class: 'hours-holidays', id: 'hours-holidays', 'data-path': 'holidays' });

  const showMeaning = () => {
    meaning.textContent = meaningWords(isSet({ week, holidays }));
  };

  const drawWeek = () => {
    replaceChildren(
      weekRows,
      ...WEEK.map(([day, words]) => {
        const spans = week[day];
        return h(
          'div',
          { class: 'hours-day', 'data-day': day, 'data-path': `week.${day}` },
          h('span', { class: 'hours-day-name' }, words),
          spans.length === 0 ? h('span', { class: 'hours-closed' }, 'Closed') : null,
          ...spans.map((span, i) => {
            const [from = '09:00', to = '18:00'] = span.split('-');
            const set = (f: string, t: string) => {
              week[day][i] = `${f}-${t}`;
            };
            const fromEl = timeInput(from, `${words} opens`, (v) => set(v, closing(toEl.value)), `hours-${day}-${i}-open`);
            const toEl = timeInput(shownClosing(to), `${words} closes`, (v) => set(fromEl.value, closing(v)), `hours-${day}-${i}-close`);
            return h(
              'span',
              { class: 'hours-span', 'data-path': `week.${day}.${i}` },
              i ? h('span', {}, 'and') : null,
              h('label', { class: 'hours-time-label' }, 'Opens', fromEl),
              h('label', { class: 'hours-time-label' }, 'Closes', toEl),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-secondary',
                  'data-remove': `${day}-${i}`,
                  'aria-label': `Remove ${words} ${dayWords([span])}`,
                  onclick: () => {
                    week[day] = week[day].filter((_, j) => j !== i);
                    drawWeek();
                  },
                },
                spans.length > 1 ? 'Remove' : 'Closed all day',
              ),
            );
          }),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              id: `hours-${day}-add`,
              onclick: () => {
                // A first span 09:00-18:00; a second (after a break) from an hour after the first closes.
                const last = week[day].at(-1);
                const after = last ? Math.min(23, Number(last.split('-')[1]!.slice(0, 2)) + 1) : 9;
                week[day] = [...week[day], last ? `${String(after).padStart(2, '0')}:00-${after < 23 ? '23:00' : '24:00'}` : '09:00-18:00'];
                drawWeek();
              },
            },
            spans.length ? 'Add hours after a break' : `Open on ${words}`,
          ),
        );
      }),
    );
    showMeaning();
  };

  const drawHolidays = () => {
    replaceChildren(
      closedList,
      ...holidays.map((d, i) =>
        h(
          'li',
          { 'data-path': `holidays.${i}`, 'data-date': d.date },
          h(
            'span',
            { class: 'hours-holiday-words' },
            `${dateWords(d.date)}${d.name ? ` (${d.name})` : ''}: ${d.hours.length ? `open ${dayWords(d.hours)}` : 'closed all day'}`,
          ),
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
            'Remove',
          ),
        ),
      ),
      holidays.length ? null : h('li', { class: 'contacts-empty' }, 'No holidays or closed days.'),
    );
  };

  const newDate = h('input', { type: 'date', id: 'hours-new-holiday', class: 'hours-time', 'aria-label': 'Date of the holiday or closed day' });
  const newName = h('input', {
    type: 'text',
    class: 'text-input',
    id: 'hours-new-holiday-name',
    'data-keyboard': 'text',
    inputmode: 'none',
    maxlength: 80,
    placeholder: 'e.g. Christmas',
    'aria-label': 'What the day is (the robot says it)',
  });
  const newOpen = h('input', { type: 'checkbox', id: 'hours-new-holiday-open' });
  const newFrom = timeInput('10:00', 'Opens on that day', () => undefined, 'hours-new-holiday-from');
  const newTo = timeInput('14:00', 'Closes on that day', () => undefined, 'hours-new-holiday-to');
  const addDay = () => {
    if (!newDate.value) {
      status.textContent = 'Pick the date of the holiday or closed day first.';
      return;
    }
    const day: Holiday = {
      date: newDate.value,
      ...(newName.value.trim() ? { name: newName.value.trim() } : {}),
      hours: newOpen.checked ? [`${newFrom.value}-${closing(newTo.value)}`] : [],
    };
    holidays = [...holidays.filter((x) => x.date !== day.date), day].sort((a, b) => a.date.localeCompare(b.date));
    newDate.value = '';
    newName.value = '';
    newOpen.checked = false;
    drawHolidays();
  };

  replaceChildren(
    form,
    h(
      'div',
      { class: 'settings-card' },
      h('h3', {}, 'Every week'),
      h('p', { class: 'settings-hint' }, 'For a break (e.g. lunch), add hours after it. To close at midnight, pick 00:00 as the closing time.'),
      weekRows,
    ),
    h(
      'div',
      { class: 'settings-card' },
      h('h3', {}, 'Holidays and closed days'),
      h('p', { class: 'settings-hint' }, 'Days that differ from the week: closed all day, or open other hours. The robot names the day when a visitor asks.'),
      closedList,
      h(
        'div',
        { class: 'hours-add-day' },
        h('label', { class: 'hours-time-label' }, 'Date', newDate),
        h('label', { class: 'hours-time-label' }, 'What is it? (optional)', newName),
        h('label', { class: 'intake-input' }, newOpen, 'Open other hours that day'),
        h('label', { class: 'hours-time-label' }, 'Opens', newFrom),
        h('label', { class: 'hours-time-label' }, 'Closes', newTo),
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'hours-add-holiday', onclick: addDay }, 'Add this day'),
      ),
    ),
    h(
      'div',
      { class: 'settings-card' },
      h('h3', {}, 'Time zone'),
      h('label', { class: 'settings-field' }, h('span', {}, 'Where the business is, e.g. Europe/Paris'), zone, zoneHint),
      h('datalist', { id: 'hours-zones' }, ...zones().map((z) => h('option', { value: z }))),
    ),
  );

  const draw = (r: OpeningHoursReply) => {
    week = Object.fromEntries(WEEK.map(([d]) => [d, [...r.hours.week[d]]])) as Record<WeekdayKey, string[]>;
    holidays = r.hours.holidays.map((x) => ({ ...x, hours: [...x.hours] }));
    zone.value = r.hours.timezone ?? '';
    zoneHint.textContent = `Leave empty to use the robot’s time zone. In force now: ${r.zone}.`;
    merged.hidden = !r.hours.merged;
    replaceChildren(
      merged,
      r.hours.merged ? h('strong', {}, 'These hours were put together from two older settings. ') : null,
      r.hours.merged?.note ?? '',
      r.hours.merged ? h('span', {}, ' Check them and press Save: this note then goes away.') : null,
    );
    lastSaved.textContent = r.lastSaved ? lastSavedText(r.lastSaved) : '';
    drawWeek();
    drawHolidays();
  };

  async function load(): Promise<void> {
    try {
      draw(await api.staffHours(ctx.token));
      status.textContent = '';
    } catch (err) {
      const m = failureMessage(ctx, err, 'Could not load the opening hours. Check the device is on, then open this screen again.');
      if (m) status.textContent = m;
    }
  }

  async function save(): Promise<void> {
    clearIssues(form);
    bar.result.hidden = false;
    bar.result.className = 'settings-result';
    bar.result.textContent = 'Saving…';
    const hours = { ...(zone.value.trim() ? { timezone: zone.value.trim() } : {}), week, holidays };
    try {
      const r = await api.saveHours(ctx.token, { hours });
      draw(r);
      bar.result.className = 'settings-result ok';
      bar.result.textContent = r.set
        ? 'Saved. The robot tells visitors these hours from now on, and new follow-up tasks count them.'
        : 'Saved. No day has hours: the robot does not talk about opening hours.';
    } catch (err) {
      bar.result.className = 'settings-result error';
      if (err instanceof ApiCallError && err.status === 422 && err.body) {
        const problems = (err.body as unknown as SettingsRefusal).problems ?? [];
        placeIssues(
          form,
          problems.map((p) => ({ path: dataPath(p.path), message: `${hoursPlace(p.path)}: ${p.message}` })),
        );
        bar.result.textContent = 'Not saved. Please fix the problems shown next to each day.';
        return;
      }
      const m = failureMessage(ctx, err, 'Could not save the opening hours. What you typed is still here: press Save again.');
      if (m !== null) bar.result.textContent = m;
    }
  }

  const el = h(
    'section',
    { class: 'staff-hours' },
    h('div', { class: 'staff-header' }, h('h2', {}, 'Opening hours')),
    meaning,
    merged,
    status,
    form,
    bar.el,
    lastSaved,
  );
  void load();
  return { el, refresh: () => void load() };
}
