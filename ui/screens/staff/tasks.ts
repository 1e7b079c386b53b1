/** Tasks: the follow-ups the handoff rules created — mine, everyone's, overdue — to acknowledge and complete with a note. */
import type { TaskItem } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { currentMember, liveNotifications, memberPicker } from './member.js';

export const tasksTab: StaffTab = { id: 'tasks', label: 'Tasks', render: tasksView };

function tasksView(ctx: StaffContext): StaffView {
  const status = h('p', { class: 'staff-status', role: 'status' }, 'Loading…');
  const list = h('ul', { class: 'task-list', id: 'task-list' });
  const scope = h(
    'select',
    { id: 'task-scope', 'aria-label': 'Show' },
    h('option', { value: 'mine' }, 'My tasks'),
    h('option', { value: 'team' }, 'Team'),
    h('option', { value: 'overdue' }, 'Overdue'),
  );
  // Names, not ids: "Maria", not "maria".
  const names = new Map<string, string>();
  const people = handoffApi
    .people(ctx.token)
    .then(({ people }) => people.forEach((p) => names.set(p.id, p.name)))
    .catch(() => undefined);
  const load = async () => {
    await people;
    const me = currentMember();
    const which = scope.value;
    if (which === 'mine' && !me) {
      status.textContent = 'Choose whose tasks to show.';
      replaceChildren(list);
      return;
    }
    try {
      const { tasks } = await handoffApi.tasks(ctx.token, which === 'mine' ? { mine: me } : which === 'overdue' ? { overdue: true } : {});
      status.textContent = `${tasks.length} open ${tasks.length === 1 ? 'task' : 'tasks'}`;
      replaceChildren(list, ...tasks.map((t) => row(t)));
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load the tasks. Check the device is on, then open this screen again.');
      if (message) status.textContent = message;
    }
  };
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await load();
    } catch (err) {
      const message = failureMessage(ctx, err, 'That did not work. Try again.');
      if (message) status.textContent = message;
    }
  };
  const row = (t: TaskItem): HTMLElement => {
    const note = h('input', { type: 'text', class: 'task-note', placeholder: 'What was done?', 'aria-label': `Note for ${t.title}` });
    return h(
      'li',
      { class: `task${t.overdue ? ' task-overdue' : ''}`, 'data-task': t.id },
      h('button', { type: 'button', class: 'link', onclick: () => ctx.openContact(t.contactId) }, t.contactName),
      h('span', { class: 'task-title' }, ` ${t.title}`),
      h('span', { class: 'task-due' }, ` due ${new Date(t.dueAt).toLocaleString()}${t.overdue ? ' (overdue)' : ''}`),
      h('span', { class: 'task-owner' }, ` · ${t.assignee ? (names.get(t.assignee) ?? t.assignee) : 'team'} · ${t.state}`),
      t.state === 'open'
        ? h(
            'button',
            { type: 'button', class: 'btn btn-secondary task-ack', onclick: () => void act(() => handoffApi.acknowledgeTask(ctx.token, t.id)) },
            'Acknowledge',
          )
        : null,
      note,
      h('button', { type: 'button', class: 'btn task-done', onclick: () => void act(() => handoffApi.completeTask(ctx.token, t.id, note.value)) }, 'Done'),
    );
  };
  scope.onchange = () => void load();
  const stop = liveNotifications(ctx.token, () => void load());
  const el = h(
    'section',
    { class: 'staff-tasks' },
    h(
      'div',
      { class: 'staff-header' },
      h('h2', {}, 'Tasks'),
      memberPicker(ctx, () => void load()),
      scope,
    ),
    status,
    list,
  );
  void load();
  return { el, refresh: () => void load(), dispose: stop };
}
