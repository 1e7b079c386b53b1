/**
 * People: who works here, their role, how the team reaches them off the robot (email, webhook), and their PIN. An
 * owner or a manager adds people (with a PIN typed twice), changes a PIN, removes someone; only an owner touches an
 * owner (a manager sees the owners read-only and cannot make anyone an owner); everyone else sees the list. The runtime checks everything (duplicate names, the last owner, PIN strength) and each refusal shows next to
 * its input. Ids never show: people are their names.
 */
import type { PersonDetail } from '../../../device/http/contract.js';
import { handoffApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';
import { clearIssues, field, input, issuesOf, placeIssues, ROLE_WORDS, saveBar, saveHandoff } from './handoff-form.js';
import { seesEveryone } from './member.js';

export const peopleTab: StaffTab = { id: 'people', label: 'People', render: peopleView };

/** The roles to pick from; 'owner' only for an owner (or to show an owner's role, read-only). */
const roleSelect = (path: string, value: string, withOwner: boolean, id?: string) =>
  h(
    'select',
    { 'data-path': path, ...(id ? { id } : {}) },
    ...Object.entries(ROLE_WORDS)
      .filter(([v]) => withOwner || v !== 'owner' || v === value)
      .map(([v, l]) => h('option', { value: v, selected: v === value }, l)),
  );

const pinInput = (path: string, label: string, id?: string) =>
  input(path, '', { type: 'password', autocomplete: 'new-password', maxlength: 12, 'aria-label': label, ...(id ? { id } : {}) }, 'phone');

function peopleView(ctx: StaffContext): StaffView {
  const manager = seesEveryone(ctx.member);
  const owner = ctx.member.role === 'owner';
  let people: PersonDetail[] = [];
  const status = h('p', { class: 'staff-status', role: 'status', id: 'people-status' }, 'Loading…');
  // Shown to an owner while the PIN everyone shared before member PINs still opens the owner "Staff".
  const sharedPin = h(
    'p',
    { class: 'staff-notice', role: 'status', id: 'people-shared-pin', hidden: true },
    'The old shared staff PIN still logs in as Staff, an owner. Give each person their own PIN, then remove Staff or change its PIN.',
  );
  const list = h('div', { class: 'people-list', id: 'people-list' });
  const bar = saveBar('people', () => void saveChanges());
  const added = h('p', { class: 'settings-result', role: 'status', id: 'person-add-result', hidden: true });

  const newName = input('new.name', '', { id: 'person-name', 'aria-label': 'Name' });
  const newRole = roleSelect('new.role', 'sales', owner, 'person-role');
  const newEmail = input('new.email', '', { id: 'person-email', 'aria-label': 'Email' }, 'email');
  const newWebhook = input('new.webhook', '', { id: 'person-webhook', 'aria-label': 'Web address for messages' });
  const newPin = pinInput('new.pin', 'PIN', 'person-pin');
  const newConfirm = pinInput('new.confirm', 'PIN again', 'person-pin-confirm');
  const addForm = h(
    'form',
    { class: 'settings-card person-add', id: 'person-add', onsubmit: (e: Event) => (e.preventDefault(), void add()) },
    h('h3', {}, 'Add a person'),
    field('Name', newName),
    field('Role', newRole),
    field('Email (optional)', newEmail, 'Where the team’s messages reach them when they are away from the robot.'),
    field('Web address for messages (optional)', newWebhook, 'Only if your IT set one up, e.g. https://…'),
    field('PIN', newPin, 'At least 6 digits, not all the same, not 123456. Only this person should know it.'),
    field('PIN again', newConfirm),
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'person-add-save' }, 'Add person'),
    added,
  );

  const card = (p: PersonDetail, i: number): HTMLElement => {
    // The runtime refuses a manager's change to an owner; the screen does not offer it.
    const editable = manager && (owner || p.role !== 'owner');
    const name = input(`people.${i}.name`, p.name, { 'aria-label': `Name of ${p.name}`, disabled: !editable });
    const role = roleSelect(`people.${i}.role`, p.role, owner);
    role.disabled = !editable;
    const email = input(`people.${i}.email`, p.email ?? '', { 'aria-label': `Email of ${p.name}`, disabled: !editable }, 'email');
    const webhook = input(`people.${i}.webhook`, p.webhook ?? '', { 'aria-label': `Web address of ${p.name}`, disabled: !editable });
    const sync = () => {
      people[i] = {
        ...people[i]!,
        name: name.value,
        role: role.value as PersonDetail['role'],
        email: email.value.trim() || null,
        webhook: webhook.value.trim() || null,
      };
    };
    for (const c of [name, role, email, webhook]) c.addEventListener('input', sync);
    role.addEventListener('change', sync);
    const pinArea = h('div', { class: 'person-pin' });
    const pinState = h('span', { class: 'person-pin-state' }, p.hasPin ? 'Has a PIN' : 'No PIN yet: cannot log in');
    const showPinForm = () => {
      const pin = pinInput(`pin.${p.id}.pin`, `New PIN for ${p.name}`);
      const confirm = pinInput(`pin.${p.id}.confirm`, `New PIN for ${p.name} again`);
      const result = h('p', { class: 'settings-result', role: 'status', hidden: true });
      const form = h(
        'form',
        {
          class: 'person-pin-form',
          onsubmit: async (e: Event) => {
            e.preventDefault();
            clearIssues(form);
            try {
              await handoffApi.setPersonPin(ctx.token, p.id, pin.value, confirm.value);
              await load(`${p.name}'s PIN is set. Their old PIN no longer works.`);
            } catch (err) {
              const issues = issuesOf(err).map((x) => ({ ...x, path: `pin.${p.id}.${x.path}` }));
              placeIssues(form, issues);
              const message = failureMessage(ctx, err, 'The PIN was not saved. Try again.');
              if (message && !issues.length) {
                result.textContent = message;
                result.className = 'settings-result error';
                result.hidden = false;
              }
            }
          },
        },
        field(`New PIN for ${p.name}`, pin),
        field('The same PIN again', confirm),
        h('button', { type: 'submit', class: 'btn btn-primary person-pin-save' }, 'Save PIN'),
        result,
      );
      replaceChildren(pinArea, form);
      pin.focus();
    };
    const remove = h('button', { type: 'button', class: 'btn btn-secondary person-remove' }, `Remove ${p.name}`);
    remove.onclick = () => {
      // A second tap confirms: removing is not undone from this screen.
      if (remove.dataset.confirm !== 'yes') {
        remove.dataset.confirm = 'yes';
        remove.textContent = `Yes, remove ${p.name}`;
        return;
      }
      void handoffApi
        .removePerson(ctx.token, p.id)
        .then(() => load(`${p.name} was removed.`))
        .catch((err: unknown) => {
          const message = failureMessage(ctx, err, `${p.name} was not removed. Try again.`);
          if (message) status.textContent = message;
        });
    };
    return h(
      'article',
      { class: 'settings-card person', 'data-person': p.id },
      h('h3', {}, p.name, p.id === ctx.member.id ? ' (you)' : ''),
      field('Name', name),
      field('Role', role),
      field('Email', email),
      field('Web address for messages', webhook),
      h(
        'div',
        { class: 'person-pin-row' },
        pinState,
        editable ? h('button', { type: 'button', class: 'btn btn-secondary person-set-pin', onclick: showPinForm }, p.hasPin ? 'Change PIN' : 'Set PIN') : null,
        editable ? remove : null,
        manager && !editable ? h('span', { class: 'person-owner-note' }, 'Only an owner can change an owner or their PIN.') : null,
      ),
      pinArea,
    );
  };

  async function load(message: string | null = null): Promise<void> {
    try {
      const got = await handoffApi.peopleList(ctx.token);
      people = got.people;
      sharedPin.hidden = !got.sharedStaffPin;
      status.textContent =
        message ?? `${people.length} ${people.length === 1 ? 'person' : 'people'}${manager ? '' : '. Only an owner or a manager can change people.'}`;
      replaceChildren(list, ...people.map(card));
    } catch (err) {
      const m = failureMessage(ctx, err, 'Could not load the people. Check the device is on, then open this screen again.');
      if (m) status.textContent = m;
    }
  }

  async function saveChanges(): Promise<void> {
    const patch = people.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      shifts: p.shifts,
      active: p.active,
      ...(p.email ? { email: p.email } : {}),
      ...(p.webhook ? { webhook: p.webhook } : {}),
    }));
    if (await saveHandoff(ctx, list, bar, { people: patch })) await load();
  }

  async function add(): Promise<void> {
    clearIssues(addForm);
    added.hidden = true;
    try {
      const { person } = await handoffApi.addPerson(ctx.token, {
        name: newName.value.trim(),
        role: newRole.value,
        email: newEmail.value.trim(),
        webhook: newWebhook.value.trim(),
        pin: newPin.value,
        confirm: newConfirm.value,
      });
      for (const i of [newName, newEmail, newWebhook, newPin, newConfirm]) i.value = '';
      await load(`${person.name} was added. They log in by tapping their name and entering their PIN.`);
      added.textContent = `${person.name} was added.`;
      added.className = 'settings-result ok';
    } catch (err) {
      const issues = issuesOf(err).map((x) => ({ ...x, path: `new.${x.path}` }));
      placeIssues(addForm, issues);
      const message = failureMessage(ctx, err, 'The person was not added. Try again.');
      if (message === null) return;
      added.textContent = issues.length ? 'Not added: fix what is marked above.' : message;
      added.className = 'settings-result error';
    } finally {
      added.hidden = false;
    }
  }

  const el = h(
    'section',
    { class: 'staff-people' },
    h('div', { class: 'staff-header' }, h('h2', {}, 'People')),
    sharedPin,
    status,
    list,
    manager ? bar.el : null,
    manager ? addForm : null,
  );
  void load();
  return { el, refresh: () => void load() };
}
