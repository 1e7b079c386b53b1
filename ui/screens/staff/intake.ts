/**
 * The intake editor on the staff screen: add, reorder, edit and remove fields, preview the form as the kiosk
 * shows it, and save. The runtime checks the whole form (device/http/routes/intake.ts) and names every problem;
 * a saved form is in effect from the next visit.
 */
import type { FieldKind, IntakeFieldView } from '../../../device/http/contract.js';
import type { IntakeFieldSettings, IntakeSettingsView } from '../../../device/http/contract-intake.js';
import { ApiCallError, api } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import { renderField } from '../fields.js';
import type { StaffTab } from './context.js';
import { saveFeedback } from './save-feedback.js';
import { promptPlayer } from './hear-prompt.js';

const CHOICES = new Set<FieldKind>(['choice', 'multichoice']);

/** What staff read beside each setting of a question (and in the save's problems), in plain words. */
const SETTING_NAMES = {
  id: 'Short name (for exports)',
  kind: 'Kind of answer',
  label: 'Question on the screen',
  prompt: 'What the robot asks',
  reprompt: 'What the robot asks when it did not understand',
  help: 'Help under the question',
  unit: 'Unit (e.g. people)',
  unitOne: 'Unit for one (e.g. person)',
  min: 'Smallest',
  max: 'Largest',
  choices: 'Options',
  required: 'Must be answered',
  time: 'Ask for a time too',
  remembered: 'Remembered for returning visitors',
  when: 'Which dates',
} as const;
/** A date field's min and max are years (device/intake/types/date.ts). */
const DATE_SETTING_NAMES = { min: 'Earliest year (empty: 1900)', max: 'Latest year (empty: 2100)' } as const;
const WHEN_WORDS: readonly [NonNullable<IntakeFieldSettings['when']>, string][] = [
  ['any', 'Any date'],
  ['future', 'Only dates to come (e.g. an appointment)'],
  ['past', 'Only dates gone by (e.g. a date of birth)'],
];

/** "fields[2].prompt" -> 'Question 3 ("Phone"), What the robot asks': where a refused save's problem is. */
export function settingPlace(path: string, fields: readonly Pick<IntakeFieldSettings, 'label' | 'kind'>[]): string {
  const m = /^fields\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (!m) return path === 'fields' ? 'The form' : path === 'consentText' ? 'Consent text' : path;
  const i = Number(m[1]);
  const label = fields[i]?.label;
  const question = `Question ${i + 1}${label ? ` ("${label}")` : ''}`;
  const names: Record<string, string> = fields[i]?.kind === 'date' ? { ...SETTING_NAMES, ...DATE_SETTING_NAMES } : SETTING_NAMES;
  const setting = m[2] ? names[m[2]] : undefined;
  return setting ? `${question}, ${setting}` : question;
}

/** "color: Color | a color, highlights" per line <-> options. */
function choicesToText(f: IntakeFieldSettings): string {
  return (f.choices ?? []).map((c) => `${c.value}: ${c.label}${c.synonyms?.length ? ` | ${c.synonyms.join(', ')}` : ''}`).join('\n');
}
function textToChoices(text: string): NonNullable<IntakeFieldSettings['choices']> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [head = '', syn = ''] = line.split('|');
      const [value = '', label] = head.split(':').map((s) => s.trim());
      const synonyms = syn
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const v = value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
      return { value: v, label: label || value, synonyms };
    });
}

/** The kiosk's view of a field not saved yet (the preview): its control by kind. */
function previewView(f: IntakeFieldSettings): IntakeFieldView {
  const control: NonNullable<IntakeFieldView['control']> =
    f.kind === 'date'
      ? { control: 'date', inputType: f.time ? 'datetime-local' : 'date' }
      : f.kind === 'number'
        ? { control: 'number', ...(f.unit ? { unit: f.unit } : {}) }
        : CHOICES.has(f.kind) || f.kind === 'yesno' || f.kind === 'consent'
          ? { control: f.kind as 'choice' }
          : { control: 'text' };
  return {
    id: `preview-${f.id}`,
    kind: f.kind,
    label: f.label,
    required: f.required !== false,
    control,
    ...(f.help ? { help: f.help } : {}),
    ...(f.choices ? { choices: f.choices.map((c) => ({ value: c.value, label: c.label })) } : {}),
  };
}

export function intakeEditor(token: string, onSessionEnd: () => void): HTMLElement {
  const el = h('section', { class: 'intake-editor', 'aria-label': 'Intake form' });
  let fields: IntakeFieldSettings[] = [];
  let types: IntakeSettingsView['types'] = [];
  let consentText = '';
  const { status, problems, lastSaved, showLastSaved, save: saveWith } = saveFeedback('intake', onSessionEnd);
  const list = h('ol', { class: 'intake-fields' });
  const preview = h('div', { class: 'intake-preview', id: 'intake-preview', hidden: true });
  const player = promptPlayer(token, onSessionEnd);

  const input = (f: IntakeFieldSettings, key: 'id' | 'label' | 'prompt' | 'reprompt' | 'help' | 'unit' | 'unitOne', i: number) =>
    h(
      'label',
      { class: 'intake-input' },
      SETTING_NAMES[key],
      h('input', { type: 'text', name: key, 'data-field-index': i, value: f[key] ?? '', oninput: (e) => set(i, key, (e.target as HTMLInputElement).value) }),
    );
  const numberInput = (f: IntakeFieldSettings, key: 'min' | 'max', i: number, words: string = SETTING_NAMES[key]) =>
    h(
      'label',
      { class: 'intake-input' },
      words,
      h('input', {
        type: 'number',
        name: key,
        value: f[key] ?? '',
        oninput: (e) => set(i, key, (e.target as HTMLInputElement).value === '' ? undefined : Number((e.target as HTMLInputElement).value)),
      }),
    );

  function set<K extends keyof IntakeFieldSettings>(i: number, key: K, value: IntakeFieldSettings[K] | undefined): void {
    const f = { ...fields[i]! };
    if (value === undefined || value === '') delete f[key];
    else f[key] = value;
    fields[i] = f;
  }

  function move(i: number, by: number): void {
    const j = i + by;
    if (j < 0 || j >= fields.length) return;
    [fields[i], fields[j]] = [fields[j]!, fields[i]!];
    draw();
  }

  function row(f: IntakeFieldSettings, i: number): HTMLElement {
    const kind = h(
      'select',
      { name: 'kind', onchange: (e) => (set(i, 'kind', (e.target as HTMLSelectElement).value as FieldKind), draw()) },
      types.map((t) => h('option', { value: t.kind, selected: t.kind === f.kind }, t.title)),
    );
    const extra: HTMLElement[] = [];
    if (CHOICES.has(f.kind))
      extra.push(
        h(
          'label',
          { class: 'intake-input' },
          'Options, one per line: short name: Label | other words people say (e.g. "color: Hair coloring | colour, dye")',
          h(
            'textarea',
            { name: 'choices', rows: 3, oninput: (e) => set(i, 'choices', textToChoices((e.target as HTMLTextAreaElement).value)) },
            choicesToText(f),
          ),
        ),
      );
    if (f.kind === 'number') extra.push(numberInput(f, 'min', i), numberInput(f, 'max', i), input(f, 'unit', i), input(f, 'unitOne', i));
    if (f.kind === 'date')
      extra.push(
        h(
          'label',
          { class: 'intake-input' },
          SETTING_NAMES.when,
          h(
            'select',
            { name: 'when', onchange: (e) => set(i, 'when', (e.target as HTMLSelectElement).value as NonNullable<IntakeFieldSettings['when']>) },
            WHEN_WORDS.map(([when, words]) => h('option', { value: when, selected: (f.when ?? 'any') === when }, words)),
          ),
        ),
        numberInput(f, 'min', i, DATE_SETTING_NAMES.min),
        numberInput(f, 'max', i, DATE_SETTING_NAMES.max),
        h(
          'label',
          { class: 'intake-input' },
          h('input', { type: 'checkbox', name: 'time', checked: f.time === true, onchange: (e) => set(i, 'time', (e.target as HTMLInputElement).checked) }),
          SETTING_NAMES.time,
        ),
      );
    return h(
      'li',
      { class: 'intake-field', 'data-field-id': f.id },
      h('div', { class: 'intake-row' }, input(f, 'id', i), h('label', { class: 'intake-input' }, SETTING_NAMES.kind, kind), input(f, 'label', i)),
      h(
        'div',
        { class: 'intake-row' },
        input(f, 'prompt', i),
        player.button('Hear', `Hear the prompt of ${f.label}`, () => fields[i]?.prompt),
        input(f, 'help', i),
      ),
      h(
        'div',
        { class: 'intake-row' },
        input(f, 'reprompt', i),
        player.button(
          'Hear',
          `Hear the re-prompt of ${f.label}`,
          () => fields[i]?.reprompt,
          'No re-prompt written: the robot uses its standard one for this type of field.',
        ),
      ),
      h(
        'div',
        { class: 'intake-row' },
        h(
          'label',
          { class: 'intake-input' },
          h('input', {
            type: 'checkbox',
            name: 'required',
            checked: f.required !== false,
            onchange: (e) => set(i, 'required', (e.target as HTMLInputElement).checked),
          }),
          SETTING_NAMES.required,
        ),
        // Consent is asked on every visit; other answers carry over to a returning visitor if about the person.
        f.kind === 'consent'
          ? null
          : h(
              'label',
              { class: 'intake-input', title: 'A returning visitor is asked to confirm it (masked) instead of answering again' },
              h('input', {
                type: 'checkbox',
                name: 'remembered',
                checked: f.remembered ?? types.find((t) => t.kind === f.kind)?.remembered ?? false,
                onchange: (e) => set(i, 'remembered', (e.target as HTMLInputElement).checked),
              }),
              SETTING_NAMES.remembered,
            ),
        extra,
      ),
      // Moving and removing the question, on a row of their own (they sat among the boxes above).
      h(
        'div',
        { class: 'intake-row' },
        h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': `Move ${f.label} up`, onclick: () => move(i, -1) }, 'Move up'),
        h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': `Move ${f.label} down`, onclick: () => move(i, 1) }, 'Move down'),
        h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': `Remove ${f.label}`, onclick: () => (fields.splice(i, 1), draw()) }, 'Remove'),
      ),
    );
  }

  function draw(): void {
    replaceChildren(list, fields.map(row));
  }

  function showPreview(): void {
    preview.hidden = false;
    replaceChildren(
      preview,
      h('h3', {}, 'Preview'),
      fields.map((f) => renderField(previewView(f), () => undefined).el),
    );
  }

  const save = (): Promise<void> =>
    saveWith(
      async () => {
        const view = await api.saveIntake(token, { fields, consentText });
        fields = view.fields;
        showLastSaved(view.lastSaved);
        draw();
      },
      'Saved. The new form is used from the next visit.',
      (path) => settingPlace(path, fields),
    );

  const add = () => {
    const n = fields.length + 1;
    const consentAt = fields.findIndex((f) => f.kind === 'consent');
    const field: IntakeFieldSettings = { id: `field_${n}`, kind: 'text', label: `Question ${n}`, prompt: `Question ${n}?`, required: false };
    fields.splice(consentAt < 0 ? fields.length : consentAt, 0, field);
    draw();
  };

  replaceChildren(
    el,
    h('h2', {}, 'Intake form'),
    list,
    h(
      'div',
      { class: 'staff-actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'intake-add', onclick: add }, 'Add a field'),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'intake-preview-btn', onclick: showPreview }, 'Preview'),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'intake-save', onclick: () => void save() }, 'Save'),
    ),
    lastSaved,
    status,
    problems,
    player.el,
    preview,
  );
  api.staffIntake(token).then(
    (view) => {
      fields = view.fields;
      types = view.types;
      consentText = view.consentText;
      showLastSaved(view.lastSaved);
      draw();
    },
    (err: unknown) => {
      if (err instanceof ApiCallError && err.status === 401) onSessionEnd();
      else status.textContent = 'Could not load the form. Check the device is on, then open this screen again.';
    },
  );
  return el;
}

/** The Intake tab of the staff screen (ui/screens/staff/tabs.ts). */
export const intakeTab: StaffTab = {
  id: 'intake',
  label: 'Intake',
  render: (ctx) => ({ el: intakeEditor(ctx.token, () => ctx.sessionEnded()) }),
};
