/**
 * The actions on a contact, each a dialog: move the stage, add a note, edit a field, record the outcome, merge with
 * another contact, erase. The server decides; its refusal is shown in the dialog in its own words (with what is
 * missing), and the dialog stays open so nothing typed is lost.
 */
import type { ContactDetail, CrmFieldValue, CrmSettings, StageDef } from '../../../device/http/contract.js';
import { ApiCallError, crmApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { failureMessage, type StaffContext } from './context.js';
import { labelled, noteBox, openDialog, type StaffDialog } from './dialog.js';
import { fieldLabel } from './format.js';

type Done = (contact: ContactDetail) => void;

/** Runs a change; on refusal shows the server's message in the dialog and keeps it open. */
async function attempt(ctx: StaffContext, dialog: StaffDialog, change: () => Promise<ContactDetail>, done: Done): Promise<boolean> {
  dialog.setError(null);
  try {
    done(await change());
    return true;
  } catch (err) {
    const message = failureMessage(ctx, err, 'The device could not save this. Try again.');
    if (message === null) return true; // session ended: the PIN screen is showing
    dialog.setError(message, err instanceof ApiCallError ? err.body?.missing : undefined);
    return false;
  }
}

/** What a stage asks for, in words: "Needs: phone, a tag from Service interest". */
export function criteriaText(stage: StageDef, settings: CrmSettings, fieldName: (id: string) => string = fieldLabel): string {
  const tagName = (ref: string) => {
    if (ref.startsWith('category:')) {
      const cat = settings.taxonomy.find((c) => c.id === ref.slice('category:'.length));
      return `a ${cat?.name ?? ref.slice('category:'.length)} tag`;
    }
    for (const c of settings.taxonomy) for (const t of c.tags) if (t.id === ref) return `the tag ${t.name}`;
    return `the tag ${ref}`;
  };
  const needs = [...stage.criteria.fields.map((f) => fieldName(f).toLowerCase()), ...stage.criteria.tags.map(tagName)];
  return needs.length ? `To enter it, a contact needs ${needs.join(', ')}.` : 'No entry criteria: any contact may enter it.';
}

export function moveStageDialog(ctx: StaffContext, contact: ContactDetail, settings: CrmSettings, done: Done): void {
  const others = settings.stages.filter((s) => s.id !== contact.stage.id);
  const select = h(
    'select',
    { class: 'select' },
    others.map((s) => h('option', { value: s.id }, s.name)),
  );
  const definition = h('p', { class: 'stage-definition-full', id: 'move-stage-definition' });
  const criteria = h('p', { class: 'stage-criteria', id: 'move-stage-criteria' });
  const note = noteBox('Why it moves: what was said or agreed');
  const describe = () => {
    const stage = others.find((s) => s.id === select.value);
    definition.textContent = stage ? stage.definition : '';
    criteria.textContent = stage ? criteriaText(stage, settings, (id) => ctx.fields.find((f) => f.id === id)?.label ?? fieldLabel(id)) : '';
  };
  select.addEventListener('change', describe);
  describe();
  openDialog({
    id: 'move-stage',
    title: `Move ${contact.name} to another stage`,
    body: [
      h('p', {}, 'Now: ', h('strong', {}, contact.stage.name), ` — ${contact.stage.definition}`),
      labelled('move-stage-select', 'New stage', select),
      definition,
      criteria,
      labelled('move-stage-note', 'Note (required)', note, 'Say why the stage changes. Everyone reads it in the history.'),
    ],
    confirm: 'Move stage',
    onConfirm: (dialog) => attempt(ctx, dialog, () => crmApi.moveStage(ctx.token, contact.id, select.value, note.value), done),
  });
}

export function addNoteDialog(ctx: StaffContext, contact: ContactDetail, done: Done): void {
  const note = noteBox('What happened, what was promised');
  openDialog({
    id: 'add-note',
    title: `Add a note to ${contact.name}`,
    body: [labelled('add-note-text', 'Note', note, 'At most 4000 characters.')],
    confirm: 'Save note',
    onConfirm: (dialog) => attempt(ctx, dialog, () => crmApi.addNote(ctx.token, contact.id, note.value), done),
  });
}

export function editFieldDialog(ctx: StaffContext, contact: ContactDetail, field: string, label: string, done: Done, unconfirmed = false): void {
  const current = contact.fields[field] ?? null;
  const choices = ctx.fields.find((f) => f.id === field)?.choices;
  let read: () => CrmFieldValue;
  let control: HTMLElement;
  if (choices && !Array.isArray(current)) {
    const box = h(
      'select',
      { class: 'select' },
      h('option', { value: '' }, 'None'),
      choices.map((ch) => h('option', { value: ch.value }, ch.label)),
    );
    box.value = typeof current === 'string' ? current : '';
    control = box;
    read = () => box.value || null;
  } else if (typeof current === 'boolean') {
    const box = h('select', { class: 'select' }, h('option', { value: 'yes' }, 'Yes'), h('option', { value: 'no' }, 'No'));
    box.value = current ? 'yes' : 'no';
    control = box;
    read = () => box.value === 'yes';
  } else {
    const input = h('input', {
      type: 'text',
      class: 'text-input',
      inputmode: 'none',
      'data-keyboard': field === 'email' ? 'email' : field === 'phone' ? 'phone' : 'text',
      maxlength: 4000,
    });
    input.value = Array.isArray(current) ? current.join(', ') : current === null ? '' : String(current);
    control = input;
    read = () => {
      const text = input.value.trim();
      if (Array.isArray(current))
        return text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      if (typeof current === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
      return text === '' ? null : text;
    };
  }
  openDialog({
    id: 'edit-field',
    title: `Edit: ${label}`,
    body: [
      labelled(
        'edit-field-value',
        label,
        control,
        // Saved unchanged, a value nobody confirmed becomes confirmed (CrmService.editField): what a rep does after a call.
        unconfirmed
          ? 'Heard by voice and never confirmed by the visitor. Save it, corrected or as it is once you have checked it, and it counts as confirmed. The old value stays in the history.'
          : 'The old value stays in the history.',
      ),
    ],
    confirm: 'Save',
    onConfirm: (dialog) => attempt(ctx, dialog, () => crmApi.editField(ctx.token, contact.id, field, read()), done),
  });
}

export function outcomeDialog(ctx: StaffContext, contact: ContactDetail, settings: CrmSettings, done: Done): void {
  const result = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Result' });
  let chosen: 'won' | 'lost' | null = null;
  const reason = h(
    'select',
    { class: 'select' },
    h('option', { value: '' }, 'Pick a reason'),
    settings.outcomeReasons.map((r) => h('option', { value: r.id }, r.name)),
  );
  const qualified = h(
    'select',
    { class: 'select' },
    h('option', { value: '' }, 'Not sure'),
    h('option', { value: 'yes' }, 'Yes'),
    h('option', { value: 'no' }, 'No'),
  );
  const objection = h('input', {
    type: 'text',
    class: 'text-input',
    inputmode: 'none',
    'data-keyboard': 'text',
    maxlength: 1000,
    placeholder: 'What held them back, in their words',
  });
  const note = noteBox('Anything the team should know');
  const reasonField = labelled('outcome-reason', 'Reason', reason, 'Why it was lost (or what won it).');
  const pick = (value: 'won' | 'lost') => {
    chosen = value;
    for (const b of result.querySelectorAll('button')) b.setAttribute('aria-checked', String(b.dataset.value === value));
  };
  replaceChildren(
    result,
    (['won', 'lost'] as const).map((v) =>
      h(
        'button',
        { type: 'button', role: 'radio', class: 'btn btn-secondary seg', 'data-value': v, id: `outcome-${v}`, 'aria-checked': 'false', onclick: () => pick(v) },
        v === 'won' ? 'Won' : 'Lost',
      ),
    ),
  );
  openDialog({
    id: 'outcome',
    title: `Record the outcome for ${contact.name}`,
    body: [
      result,
      reasonField,
      labelled('outcome-qualified', 'Was the lead well qualified?', qualified),
      labelled('outcome-objection', 'Objection heard', objection),
      labelled('outcome-note', 'Note', note),
    ],
    confirm: 'Record outcome',
    onConfirm: async (dialog) => {
      if (!chosen) {
        dialog.setError('Choose Won or Lost first.');
        return false;
      }
      const outcome = {
        result: chosen,
        reason: reason.value || null,
        wellQualified: qualified.value === '' ? null : qualified.value === 'yes',
        objection: objection.value.trim() || null,
        note: note.value.trim() || null,
      };
      return attempt(ctx, dialog, () => crmApi.recordOutcome(ctx.token, contact.id, outcome), done);
    },
  });
}

/** `query`: what the search starts with (the shared email of the same-email notice), searched at once. */
export function mergeDialog(ctx: StaffContext, contact: ContactDetail, done: Done, query = ''): void {
  let picked: { id: string; name: string } | null = null;
  const search = h('input', {
    type: 'search',
    class: 'text-input',
    inputmode: 'none',
    'data-keyboard': 'text',
    placeholder: 'Name, phone or email',
    maxlength: 200,
    value: query,
  });
  const results = h('ul', { class: 'merge-results', id: 'merge-results' });
  const choice = h('p', { class: 'merge-choice', id: 'merge-choice', role: 'status' }, 'Search, then tap the other contact.');
  let timer: number | undefined;
  const find = async () => {
    const q = search.value.trim();
    if (!q) return replaceChildren(results);
    try {
      const page = await crmApi.leads(ctx.token, { search: q, limit: 10 });
      const others = page.items.filter((c) => c.id !== contact.id);
      replaceChildren(
        results,
        others.length
          ? others.map((c) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn btn-secondary merge-pick',
                    'data-contact-id': c.id,
                    onclick: () => {
                      picked = { id: c.id, name: c.name };
                      choice.textContent = `${c.name}'s visits, notes and history will be added to ${contact.name}, and ${c.name} will no longer be listed on their own.`;
                    },
                  },
                  c.name,
                  h('span', { class: 'merge-reach' }, [c.phone, c.email].filter(Boolean).join(' · ')),
                ),
              ),
            )
          : h('li', {}, 'No other contact matches.'),
      );
    } catch (err) {
      replaceChildren(results, h('li', {}, failureMessage(ctx, err, 'Could not search just now. Try again in a moment.') ?? ''));
    }
  };
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void find(), 300);
  });
  if (query) void find();
  openDialog({
    id: 'merge',
    title: `Merge another contact into ${contact.name}`,
    body: [labelled('merge-search', 'Find the other contact', search), results, choice],
    confirm: 'Merge',
    onClose: () => window.clearTimeout(timer),
    onConfirm: async (dialog) => {
      if (!picked) {
        dialog.setError('Pick the other contact from the list first.');
        return false;
      }
      const other = picked;
      return attempt(ctx, dialog, () => crmApi.merge(ctx.token, contact.id, other.id), done);
    },
  });
}

export function eraseDialog(ctx: StaffContext, contact: ContactDetail, erased: () => void): void {
  openDialog({
    id: 'erase',
    title: `Erase ${contact.name}?`,
    body: [
      h('p', { class: 'erase-warning' }, 'This cannot be undone.'),
      h('p', {}, 'Their details, visits, transcripts and notes are deleted from this device for good, and from the cloud copy too.'),
    ],
    confirm: 'Erase for good',
    danger: true,
    onConfirm: async (dialog) => {
      try {
        await crmApi.erase(ctx.token, contact.id);
        erased();
        return true;
      } catch (err) {
        const message = failureMessage(ctx, err, 'The device could not erase this contact. Try again.');
        if (message === null) return true;
        dialog.setError(message);
        return false;
      }
    },
  });
}
