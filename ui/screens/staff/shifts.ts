/**
 * Shifts: when each person works, day by day ("09:00-13:00, 14:00-18:00"; empty: off). Whoever is working gets the
 * "everyone on shift" messages and tasks. Saved with the people (owners and managers), checked by the runtime, each
 * refusal next to its day.
 */
import type { HandoffSettingsView } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { input, ROLE_WORDS, saveBar, saveHandoff, spansFrom, spansText } from './handoff-form.js';
import { WEEK } from './hours-words.js';
import { seesEveryone } from './member.js';

export const shiftsTab: StaffTab = { id: 'shifts', label: 'Shifts', render: shiftsView };

function shiftsView(ctx: StaffContext): StaffView {
  const manager = seesEveryone(ctx.member);
  let settings: HandoffSettingsView | null = null;
  const status = h('p', { class: 'staff-status', role: 'status', id: 'shifts-status' }, 'Loading…');
  const list = h('div', { class: 'shifts-list', id: 'shifts-list' });
  const bar = saveBar('shifts', () => void save());

  const draw = (s: HandoffSettingsView) => {
    replaceChildren(
      list,
      ...s.people.map((p, i) =>
        h(
          'article',
          { class: 'settings-card shift-card', 'data-person': p.id, hidden: !p.active },
          h('h3', {}, p.name, h('small', {}, ` · ${ROLE_WORDS[p.role] ?? p.role}`)),
          h(
            'div',
            { class: 'week-grid' },
            WEEK.flatMap(([day, words]) => [
              h('span', {}, words),
              input(`people.${i}.shifts.${day}`, spansText(p.shifts[day as keyof typeof p.shifts]), {
                'aria-label': `${p.name}, ${words}`,
                placeholder: 'off',
                disabled: !manager,
              }),
            ]),
          ),
        ),
      ),
    );
  };

  async function load(): Promise<void> {
    try {
      settings = await handoffApi.settings(ctx.token);
      status.textContent = manager
        ? 'Write the hours each person works, like 09:00-13:00, 14:00-18:00. Leave a day empty for a day off.'
        : 'When each person works. Only an owner or a manager can change the shifts.';
      draw(settings);
    } catch (err) {
      const m = failureMessage(ctx, err, 'Could not load the shifts. Check the device is on, then open this screen again.');
      if (m) status.textContent = m;
    }
  }

  async function save(): Promise<void> {
    if (!settings) return;
    const people = settings.people.map((p, i) => ({
      ...p,
      shifts: Object.fromEntries(
        WEEK.map(([day]) => [day, spansFrom(list.querySelector<HTMLInputElement>(`[data-path="people.${i}.shifts.${day}"]`)?.value ?? '')]),
      ),
    }));
    const saved = await saveHandoff(ctx, list, bar, { people });
    if (saved) {
      settings = saved;
      draw(saved);
    }
  }

  const el = h('section', { class: 'staff-shifts' }, h('div', { class: 'staff-header' }, h('h2', {}, 'Shifts')), status, list, manager ? bar.el : null);
  void load();
  return { el, refresh: () => void load() };
}
