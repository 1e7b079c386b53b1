/**
 * One contact's page: the profile (the ten-second read) first, then stage with its definition, how to reach them,
 * fields, tags, the actions, and the story newest first. Every change goes through a dialog and redraws the page
 * from the server's answer.
 */
import type { ContactDetail, CrmSettings } from '../../../device/http/contract.js';
import { crmApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { addNoteDialog, editFieldDialog, eraseDialog, mergeDialog, moveStageDialog, outcomeDialog } from './contact-actions.js';
import { failureMessage, type StaffContext, type StaffView } from './context.js';
import { actorName, channelLabel, fieldLabel, fieldText, removedStageName, staffLabel, UNCONFIRMED_TEXT, when } from './format.js';
import { stageChip } from './stage-chip.js';
import { timelineList } from './timeline.js';

/** Shown first, in this order; other fields follow by name. */
const FIRST_FIELDS = ['name', 'phone', 'email'];

/** `from`: the name of the tab the page was opened from, which its Back returns to ("Leads", "Inbox"). */
export function contactPage(ctx: StaffContext, id: string, back: (message?: string) => void, from = 'Leads'): StaffView {
  const status = h('p', { class: 'staff-status', role: 'status', id: 'contact-status' }, 'Loading…');
  const body = h('div', { class: 'contact-body' });
  const el = h(
    'section',
    { class: 'staff-contact', id: 'contact', 'data-contact-id': id },
    h(
      'div',
      { class: 'contact-back' },
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'contact-back', onclick: () => back() }, `← Back to ${from}`),
    ),
    status,
    body,
  );
  let settings: CrmSettings | null = null;

  async function load(): Promise<void> {
    try {
      const [contact, s] = await Promise.all([crmApi.contact(ctx.token, id), settings ? Promise.resolve(settings) : crmApi.settings(ctx.token)]);
      settings = s;
      draw(contact);
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load this contact. Go back and try again.');
      if (message) status.textContent = message;
    }
  }

  function draw(c: ContactDetail, message = ''): void {
    if (!settings) return;
    const s = settings;
    status.textContent = message;
    const stageName = (sid: string | null) => (sid ? (s.stages.find((x) => x.id === sid)?.name ?? removedStageName(sid)) : 'none');
    const reasonName = (rid: string) => s.outcomeReasons.find((r) => r.id === rid)?.name ?? rid;
    const redraw = (said: string) => (next: ContactDetail) => draw(next, said);
    const action = (idAttr: string, label: string, run: () => void, extra = 'btn-secondary') =>
      h('button', { type: 'button', class: `btn ${extra}`, id: idAttr, onclick: run }, label);

    // Consent is shown as given (text, time), not as an answer staff could edit.
    const form = new Map(ctx.fields.map((f) => [f.id, f]));
    const editable = Object.keys(c.fields).filter((f) => form.get(f)?.kind !== 'consent');
    const fieldIds = [...FIRST_FIELDS.filter((f) => editable.includes(f)), ...editable.filter((f) => !FIRST_FIELDS.includes(f)).sort()];
    const labelOf = (f: string) => staffLabel(form.get(f)?.label ?? fieldLabel(f));
    const valueOf = (f: string) => {
      const v = c.fields[f];
      const choices = form.get(f)?.choices;
      const name = (x: string) => choices?.find((ch) => ch.value === x)?.label ?? x;
      if (choices && typeof v === 'string') return name(v);
      if (choices && Array.isArray(v)) return v.map(name).join(', ');
      return fieldText(v);
    };
    replaceChildren(
      body,
      h('h2', { class: 'contact-name', id: 'contact-name' }, c.name || 'No name given'),
      h('p', { class: 'profile', id: 'contact-profile', 'aria-label': 'Profile' }, c.profile),
      c.sameEmail?.length ? sameEmailNotice(c, ctx, () => mergeDialog(ctx, c, redraw('Contacts merged.'), c.email ?? '')) : null,
      h(
        'div',
        { class: 'contact-stage' },
        h('span', { class: 'label' }, 'Stage: '),
        stageChip(c.stage),
        h('span', { class: 'stage-since' }, ` since ${when(c.stageSince)}`),
        h('p', { class: 'stage-definition-full', id: 'contact-stage-definition' }, c.stage.definition),
      ),
      c.outcomeDetail
        ? h(
            'p',
            { class: `outcome outcome-${c.outcomeDetail.result}`, id: 'contact-outcome' },
            c.outcomeDetail.result === 'won' ? 'Won' : 'Lost',
            c.outcomeDetail.reason ? ` — ${c.outcomeDetail.reason.name}` : '',
            ` (${when(c.outcomeDetail.at)}, ${actorName(c.outcomeDetail.by)})`,
          )
        : null,
      h(
        'div',
        { class: 'contact-actions', role: 'group', 'aria-label': 'Actions' },
        action('act-stage', 'Move stage', () => moveStageDialog(ctx, c, s, redraw('Stage changed.')), 'btn-primary'),
        action('act-note', 'Add note', () => addNoteDialog(ctx, c, redraw('Note added.'))),
        action('act-outcome', 'Record outcome', () => outcomeDialog(ctx, c, s, redraw('Outcome recorded.'))),
        action('act-merge', 'Merge…', () => mergeDialog(ctx, c, redraw('Contacts merged.'))),
        action('act-erase', 'Erase…', () => eraseDialog(ctx, c, () => back(`${c.name} was erased.`)), 'btn-danger-outline'),
      ),
      h('h3', {}, 'Details'),
      h(
        'dl',
        { class: 'contact-fields', id: 'contact-fields' },
        fieldIds.flatMap((f) => [
          h('dt', {}, labelOf(f)),
          h(
            'dd',
            { 'data-field': f },
            h('span', { class: 'field-value' }, valueOf(f)),
            c.unconfirmed.includes(f) ? unconfirmedMarker(f) : null,
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-small btn-secondary',
                'data-edit-field': f,
                onclick: () => editFieldDialog(ctx, c, f, labelOf(f), redraw(`${labelOf(f)} saved.`), c.unconfirmed.includes(f)),
              },
              'Edit',
            ),
          ),
        ]),
        h('dt', {}, 'Source'),
        h('dd', {}, channelLabel(c.source.channel), c.source.site ? `, ${c.source.site}` : ''),
        h('dt', {}, 'First came'),
        h('dd', {}, `${when(c.createdAt)} · ${c.visits} ${c.visits === 1 ? 'visit' : 'visits'}`),
        c.consent ? [h('dt', {}, 'Consent'), h('dd', {}, c.consent.given ? `Given ${when(c.consent.at)}` : 'Not given')] : null,
      ),
      h('h3', {}, 'Tags'),
      tagsEditor(ctx, c, s, redraw),
      h('h3', {}, 'History'),
      timelineList(c.timeline, stageName, reasonName),
    );
  }

  void load();
  return { el, refresh: () => void load() };
}

/**
 * Other contacts with this contact's email: a visit found by its phone brought an email another contact had. Staff
 * open the other, or merge, after looking; nothing merges on its own.
 */
function sameEmailNotice(c: ContactDetail, ctx: StaffContext, merge: () => void): HTMLElement {
  const others = c.sameEmail ?? [];
  return h(
    'div',
    { class: 'same-email', id: 'contact-same-email', role: 'note' },
    h('span', {}, `Same email (${c.email ?? ''}) as `),
    others.flatMap((o, i) => [
      i ? ', ' : '',
      h(
        'button',
        { type: 'button', class: 'btn btn-small btn-secondary same-email-open', 'data-contact-id': o.id, onclick: () => ctx.openContact(o.id) },
        o.name || 'No name given',
      ),
    ]),
    h('span', {}, ` — ${others.length === 1 ? 'the same person' : 'one person'}? Check, then merge.`),
    h('button', { type: 'button', class: 'btn btn-small btn-secondary', id: 'same-email-merge', onclick: merge }, 'Merge…'),
  );
}

function unconfirmedMarker(field: string): HTMLElement {
  return h('span', { class: 'unconfirmed', 'data-unconfirmed': field, role: 'note' }, UNCONFIRMED_TEXT);
}

function tagsEditor(ctx: StaffContext, c: ContactDetail, settings: CrmSettings, redraw: (said: string) => (next: ContactDetail) => void): HTMLElement {
  const message = h('p', { class: 'inline-error', role: 'alert', id: 'tag-error', hidden: true });
  const fail = (err: unknown) => {
    const text = failureMessage(ctx, err, 'Could not change the tags. Try again.');
    if (text) {
      message.textContent = text;
      message.hidden = false;
    }
  };
  const have = new Set(c.tags.map((t) => t.id));
  const add = h(
    'select',
    { class: 'select', id: 'tag-add-select', 'aria-label': 'Tag to add' },
    h('option', { value: '' }, 'Choose a tag'),
    settings.taxonomy.map((cat) =>
      h(
        'optgroup',
        { label: cat.name },
        cat.tags.filter((t) => !have.has(t.id)).map((t) => h('option', { value: t.id }, t.name)),
      ),
    ),
  );
  const addButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary',
      id: 'tag-add',
      onclick: () => {
        if (!add.value) return;
        crmApi.addTag(ctx.token, c.id, add.value).then(redraw('Tag added.'), fail);
      },
    },
    'Add tag',
  );
  return h(
    'div',
    { class: 'tags-editor' },
    h(
      'ul',
      { class: 'tag-list', id: 'contact-tags' },
      c.tags.length
        ? c.tags.map((t) =>
            h(
              'li',
              { class: 'tag', 'data-tag': t.id },
              t.name,
              h(
                'button',
                {
                  type: 'button',
                  class: 'tag-remove',
                  'aria-label': `Remove tag ${t.name}`,
                  onclick: () => crmApi.removeTag(ctx.token, c.id, t.id).then(redraw('Tag removed.'), fail),
                },
                '×',
              ),
            ),
          )
        : h('li', { class: 'no-tags' }, 'No tags yet.'),
    ),
    h('div', { class: 'tag-add' }, add, addButton),
    message,
  );
}
