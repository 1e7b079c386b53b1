/**
 * Settings: the stages (name, definition, entry criteria, order), the tag taxonomy (categories, tags, synonyms) and
 * the outcome reasons, edited on a working copy and saved together. The server validates; each of its messages is
 * shown next to the input it is about. A save takes effect at once. The voice settings are shown below, read-only.
 */
import type { CrmSettings } from '../../../device/http/contract.js';
import { api, ApiCallError, crmApi } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { voiceSection } from '../staff-voice.js';
import { failureMessage, type StaffContext, type StaffTab, type StaffView } from './context.js';

export const settingsTab: StaffTab = { id: 'settings', label: 'Settings', render: settingsView };

/** 'Hair coloring' -> 'hair-coloring'; names with no Latin letters get a numbered id. */
export function slug(name: string, fallback: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return s || fallback;
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function settingsView(ctx: StaffContext): StaffView {
  let model: CrmSettings | null = null;
  const status = h('p', { class: 'staff-status', role: 'status', id: 'settings-status' }, 'Loading…');
  const form = h('div', { class: 'settings-form' });
  const saved = h('p', { class: 'settings-result', role: 'status', id: 'settings-result', hidden: true });
  const save = h('button', { type: 'button', class: 'btn btn-primary', id: 'settings-save', onclick: () => void doSave() }, 'Save');
  const voice = h('div', { class: 'staff-settings' });
  const el = h(
    'section',
    { class: 'staff-settings-tab', 'aria-labelledby': 'settings-title' },
    h('div', { class: 'staff-header' }, h('h2', { id: 'settings-title' }, 'Settings')),
    status,
    form,
    h('div', { class: 'settings-save' }, save, saved),
    voice,
  );

  const text = (path: string, value: string, set: (v: string) => void, attrs: Record<string, string | number> = {}) => {
    const input = h('input', {
      type: 'text',
      class: 'text-input',
      'data-path': path,
      inputmode: 'none',
      'data-keyboard': 'text',
      value,
      maxlength: 200,
      ...attrs,
    });
    input.addEventListener('input', () => set(input.value));
    return input;
  };
  const area = (path: string, value: string, set: (v: string) => void) => {
    const box = h('textarea', { class: 'note-box', rows: 2, 'data-path': path, inputmode: 'none', 'data-keyboard': 'text', maxlength: 1000 });
    box.value = value;
    box.addEventListener('input', () => set(box.value));
    return box;
  };
  const field = (label: string, control: HTMLElement, hint?: string) =>
    h('label', { class: 'settings-field' }, h('span', {}, label), control, hint ? h('small', { class: 'settings-hint' }, hint) : null);
  const small = (label: string, aria: string, run: () => void, disabled = false) =>
    h('button', { type: 'button', class: 'btn btn-small btn-secondary', 'aria-label': aria, disabled, onclick: run }, label);

  // The short names to type, beside what staff know them as: the criteria are written by id.
  const fieldNames = () => `The questions: ${ctx.fields.map((f) => `${f.id} (${f.label})`).join(', ')}.`;
  const tagNames = (m: CrmSettings) => {
    const tags = m.taxonomy.flatMap((c) => c.tags.filter((t) => t.id).map((t) => `${t.id} (${t.name})`));
    const cat = m.taxonomy.find((c) => c.id);
    return `The tags: ${tags.join(', ') || 'none yet'}.${cat ? ` Any tag of a category: category:${cat.id} (any ${cat.name} tag).` : ''}`;
  };

  function draw(): void {
    if (!model) return;
    const m = model;
    const redraw = (change: () => void) => () => {
      change();
      draw();
    };
    replaceChildren(
      form,
      h('h3', {}, 'Stages'),
      h(
        'p',
        { class: 'hint' },
        'In order, from a first visit to a customer. Every stage has a definition everyone agrees on, and what a contact needs to enter it.',
      ),
      h(
        'ol',
        { class: 'settings-stages', id: 'settings-stages' },
        m.stages.map((s, i) =>
          h(
            'li',
            { class: 'settings-card', 'data-stage-id': s.id || `new-${i}` },
            field(
              'Name',
              text(`stages.${i}.name`, s.name, (v) => (s.name = v), { maxlength: 80 }),
            ),
            field(
              'Definition',
              area(`stages.${i}.definition`, s.definition, (v) => (s.definition = v)),
            ),
            field(
              'Answers it needs (short names, with commas)',
              text(`stages.${i}.criteria.fields`, s.criteria.fields.join(', '), (v) => (s.criteria.fields = list(v))),
              fieldNames(),
            ),
            field(
              'Tags it needs (short names, with commas)',
              text(`stages.${i}.criteria.tags`, s.criteria.tags.join(', '), (v) => (s.criteria.tags = list(v))),
              tagNames(m),
            ),
            h(
              'div',
              { class: 'card-actions' },
              small(
                '↑ Up',
                `Move ${s.name} up`,
                redraw(() => m.stages.splice(i - 1, 0, ...m.stages.splice(i, 1))),
                i === 0,
              ),
              small(
                '↓ Down',
                `Move ${s.name} down`,
                redraw(() => m.stages.splice(i + 1, 0, ...m.stages.splice(i, 1))),
                i === m.stages.length - 1,
              ),
            ),
          ),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary',
          id: 'add-stage',
          onclick: redraw(() => m.stages.push({ id: '', name: '', definition: '', criteria: { fields: [], tags: [] } })),
        },
        'Add a stage',
      ),
      h('h3', {}, 'Tags'),
      h('p', { class: 'hint' }, 'Words a visitor says that mean a tag are its synonyms: "highlights" or "color service" for Hair coloring.'),
      h(
        'div',
        { class: 'settings-taxonomy', id: 'settings-taxonomy' },
        m.taxonomy.map((cat, ci) =>
          h(
            'div',
            { class: 'settings-card', 'data-category-id': cat.id || `new-${ci}` },
            field(
              'Category',
              text(`taxonomy.${ci}.name`, cat.name, (v) => (cat.name = v), { maxlength: 80 }),
            ),
            h(
              'ul',
              { class: 'settings-tags' },
              cat.tags.map((tag, ti) => {
                const path = `taxonomy.${ci}.tags.${ti}`;
                const synonym = h('input', {
                  type: 'text',
                  class: 'text-input synonym-input',
                  inputmode: 'none',
                  'data-keyboard': 'text',
                  maxlength: 200,
                  placeholder: 'New synonym',
                  'aria-label': `New synonym for ${tag.name}`,
                });
                const addSynonym = () => {
                  const word = synonym.value.trim();
                  if (!word || tag.synonyms.includes(word)) return;
                  tag.synonyms.push(word);
                  draw();
                };
                synonym.addEventListener('keydown', (e) => e.key === 'Enter' && addSynonym());
                return h(
                  'li',
                  { class: 'settings-tag', 'data-tag-id': tag.id || `new-${ci}-${ti}` },
                  field(
                    'Tag',
                    text(`${path}.name`, tag.name, (v) => (tag.name = v), { maxlength: 80 }),
                  ),
                  h(
                    'ul',
                    { class: 'synonyms', 'data-path': `${path}.synonyms` },
                    tag.synonyms.map((word, si) =>
                      h(
                        'li',
                        { class: 'tag synonym', 'data-path': `${path}.synonyms.${si}` },
                        word,
                        h(
                          'button',
                          { type: 'button', class: 'tag-remove', 'aria-label': `Remove synonym ${word}`, onclick: redraw(() => tag.synonyms.splice(si, 1)) },
                          '×',
                        ),
                      ),
                    ),
                  ),
                  h(
                    'div',
                    { class: 'synonym-add' },
                    synonym,
                    h('button', { type: 'button', class: 'btn btn-small btn-secondary add-synonym', onclick: addSynonym }, 'Add synonym'),
                  ),
                );
              }),
            ),
            h(
              'button',
              { type: 'button', class: 'btn btn-small btn-secondary add-tag', onclick: redraw(() => cat.tags.push({ id: '', name: '', synonyms: [] })) },
              `Add a tag to ${cat.name || 'this category'}`,
            ),
          ),
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'btn btn-secondary', id: 'add-category', onclick: redraw(() => m.taxonomy.push({ id: '', name: '', tags: [] })) },
        'Add a category',
      ),
      h('h3', {}, 'Outcome reasons'),
      h(
        'ul',
        { class: 'settings-reasons', id: 'settings-reasons' },
        m.outcomeReasons.map((r, i) =>
          h(
            'li',
            {},
            text(`outcomeReasons.${i}.name`, r.name, (v) => (r.name = v), { maxlength: 80, 'aria-label': `Reason ${i + 1}` }),
          ),
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'btn btn-secondary', id: 'add-reason', onclick: redraw(() => m.outcomeReasons.push({ id: '', name: '' })) },
        'Add a reason',
      ),
    );
  }

  /** New entries get an id from their name; existing ids never change (contacts and history refer to them). */
  function withIds(m: CrmSettings): CrmSettings {
    const copy = structuredClone(m);
    copy.stages.forEach((s, i) => (s.id ||= slug(s.name, `stage-${i + 1}`)));
    copy.taxonomy.forEach((c, ci) => {
      c.id ||= slug(c.name, `category-${ci + 1}`);
      c.tags.forEach((t, ti) => (t.id ||= slug(t.name, `${c.id}-tag-${ti + 1}`)));
    });
    copy.outcomeReasons.forEach((r, i) => (r.id ||= slug(r.name, `reason-${i + 1}`)));
    return copy;
  }

  function clearErrors(): void {
    for (const e of form.querySelectorAll('.field-error')) e.remove();
    for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  }

  /** Puts each message next to its input: the exact path, or the nearest one above it (an id's error by its name). */
  function showIssues(issues: { path: string; message: string }[]): void {
    for (const issue of issues) {
      const parts = issue.path.split('.').filter(Boolean);
      if (parts[parts.length - 1] === 'id') parts[parts.length - 1] = 'name';
      let target: HTMLElement | null = null;
      while (parts.length && !target) {
        target = form.querySelector<HTMLElement>(`[data-path="${parts.join('.')}"]`);
        parts.pop();
      }
      const note = h('p', { class: 'field-error', role: 'alert', 'data-error-for': issue.path }, issue.message);
      if (target) {
        target.setAttribute('aria-invalid', 'true');
        target.after(note);
      } else form.prepend(note);
    }
  }

  async function doSave(): Promise<void> {
    if (!model) return;
    clearErrors();
    saved.hidden = true;
    save.disabled = true;
    try {
      model = await crmApi.saveSettings(ctx.token, withIds(model));
      draw();
      saved.textContent = 'Saved. The changes take effect now.';
      saved.className = 'settings-result ok';
    } catch (err) {
      const issues = err instanceof ApiCallError ? err.body?.issues : undefined;
      if (issues?.length) {
        showIssues(issues);
        form.querySelector('.field-error')?.scrollIntoView({ block: 'center' });
      }
      const message = failureMessage(ctx, err, 'Could not save the settings. Nothing was changed; try again.');
      if (message === null) return;
      saved.textContent = issues?.length
        ? `Not saved: ${issues.length === 1 ? 'one setting needs' : `${issues.length} settings need`} fixing (marked above).`
        : message;
      saved.className = 'settings-result error';
    } finally {
      saved.hidden = false;
      save.disabled = false;
    }
  }

  async function load(): Promise<void> {
    try {
      model = await crmApi.settings(ctx.token);
      status.textContent = '';
      draw();
    } catch (err) {
      const message = failureMessage(ctx, err, 'Could not load the settings. Check the device is on, then open this screen again.');
      if (message) status.textContent = message;
      save.disabled = true;
    }
  }

  // Voice settings are secondary: if they fail to load, the CRM settings still show.
  api.staffSettings(ctx.token).then(
    (settings) => replaceChildren(voice, voiceSection(settings.voice)),
    () => undefined,
  );
  void load();
  return { el };
}
