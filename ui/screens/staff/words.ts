/**
 * "What the robot says": every line the robot says (and each message it shows about an answer), grouped in plain
 * words, each with its default, its words in use to edit, what its {placeholders} stand for, "Hear it" (the intake
 * editor's player: the robot's own voice) and "Back to the default". Save sends only the lines changed; the runtime
 * checks them with the one config validator. A refused save keeps everything typed and marks each line to fix.
 */
import type { SettingsRefusal } from '../../../device/http/contract-intake.js';
import type { MessageLineView, MessagesView } from '../../../device/http/contract-messages.js';
import { ApiCallError, api } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';
import type { StaffContext, StaffTab, StaffView } from './context.js';
import { promptPlayer } from './hear-prompt.js';
import { saveFeedback } from './save-feedback.js';
import { changedLines, filledIn, lineMatches, placeholderNote } from './words-text.js';

/** Lines that are the business profile's texts: the Business tab shows the same words. */
const ON_BUSINESS_TAB = new Set(['greeting', 'farewell']);

interface LineCard {
  readonly line: MessageLineView;
  readonly el: HTMLElement;
  readonly box: HTMLTextAreaElement;
  readonly badge: HTMLElement;
  readonly problem: HTMLElement;
  readonly reset: HTMLButtonElement;
}

const quoted = (s: string) => `“${s}”`;

function wordsView(ctx: StaffContext): StaffView {
  const onSessionEnd = () => ctx.sessionEnded();
  const feedback = saveFeedback('words', onSessionEnd);
  const player = promptPlayer(ctx.token, onSessionEnd);
  let model: MessagesView | null = null;
  const cards = new Map<string, LineCard>();
  const groupEls = new Map<string, HTMLElement>();

  const search = h('input', {
    type: 'search',
    id: 'words-search',
    class: 'words-search',
    placeholder: 'e.g. price, goodbye, spell',
    maxlength: 80,
    inputmode: 'none',
    'data-keyboard': 'text',
    oninput: () => filter(),
  });
  const onlyChanged = h('input', { type: 'checkbox', id: 'words-only-changed', onchange: () => filter() });
  const count = h('p', { class: 'words-count', id: 'words-count', 'aria-live': 'polite' });
  const groups = h('div', { class: 'words-groups', id: 'words-groups' }, h('p', { class: 'staff-status' }, 'Loading…'));
  const pending = h('p', { class: 'words-pending', id: 'words-pending' });
  const el = h(
    'section',
    { class: 'words-editor', 'aria-labelledby': 'words-title' },
    h('h2', { id: 'words-title' }, 'What the robot says'),
    h(
      'p',
      { class: 'hint' },
      'Every line the robot says, and the messages it shows about an answer. Change the words and press Save: the next visitor hears them. ',
      'Words in {curly brackets} are filled in when the robot speaks; you may add {business} to any line: it is replaced by your business’s name.',
    ),
    h(
      'div',
      { class: 'words-tools' },
      h('label', { class: 'words-find', for: 'words-search' }, 'Find a line', search),
      h('label', { class: 'words-only', for: 'words-only-changed' }, onlyChanged, 'Only lines changed from the default'),
      count,
    ),
    feedback.lastSaved,
    groups,
    h(
      'div',
      { class: 'words-bar' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'words-save', onclick: () => void save() }, 'Save changes'),
      h('div', { class: 'words-bar-text' }, pending, feedback.status),
      player.el,
      feedback.problems,
    ),
  );

  const typed = (key: string) => cards.get(key)?.box.value;
  const isDirty = (c: LineCard) => c.box.value.trim() !== c.line.current;

  /** The badge, "Back to the default" and the count of unsaved lines, after any change. */
  function mark(c: LineCard): void {
    const words = c.box.value.trim();
    c.badge.textContent = isDirty(c) ? 'Not saved yet' : words !== c.line.default ? 'Changed from the default' : '';
    c.badge.dataset.state = isDirty(c) ? 'unsaved' : words !== c.line.default ? 'changed' : 'default';
    c.reset.disabled = words === c.line.default;
  }

  function showPending(): void {
    const n = [...cards.values()].filter(isDirty).length;
    pending.textContent = n ? `${n} ${n === 1 ? 'line' : 'lines'} changed, not saved yet.` : '';
  }

  function card(line: MessageLineView): LineCard {
    const box = h('textarea', {
      class: 'words-box',
      name: line.key,
      rows: 2,
      maxlength: line.maxLength,
      inputmode: 'none',
      'data-keyboard': 'text',
      'aria-label': line.title,
    });
    box.value = line.current;
    const badge = h('span', { class: 'words-badge' });
    const problem = h('p', { class: 'words-problem', role: 'alert', hidden: true });
    const reset = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-secondary words-reset',
        'aria-label': `Back to the default: ${line.title}`,
        onclick: () => {
          box.value = line.default;
          box.dispatchEvent(new Event('input'));
          box.focus();
        },
      },
      'Back to the default',
    );
    // {business} fits any line: said once at the top, listed only where the default uses it.
    const own = line.placeholders.filter((p) => p.name !== 'business' || line.default.includes('{business}'));
    const el = h(
      'article',
      { class: 'words-line', 'data-key': line.key },
      h('div', { class: 'words-line-head' }, h('h4', {}, line.title), badge),
      box,
      h('p', { class: 'words-default' }, h('span', { class: 'words-default-label' }, 'Default: '), quoted(line.default)),
      ON_BUSINESS_TAB.has(line.key) ? h('p', { class: 'words-note' }, 'The same words as on the Business tab.') : null,
      own.length
        ? h(
            'ul',
            { class: 'words-placeholders' },
            own.map((p) => h('li', { 'data-placeholder': p.name, 'data-required': p.required ? 'true' : null }, placeholderNote(p))),
          )
        : null,
      problem,
      h(
        'div',
        { class: 'words-actions' },
        player.button('Hear it', `Hear it: ${line.title}`, () => filledIn(box.value, line.placeholders), 'Nothing to hear: write the words first.'),
        reset,
      ),
    );
    const c: LineCard = { line, el, box, badge, problem, reset };
    box.addEventListener('input', () => changed(c));
    mark(c);
    return c;
  }

  /** Staff typed (or set back the default): the line's old problem no longer applies. */
  function changed(c: LineCard): void {
    c.problem.hidden = true;
    c.el.removeAttribute('data-invalid');
    mark(c);
    showPending();
  }

  function draw(v: MessagesView): void {
    model = v;
    cards.clear();
    groupEls.clear();
    for (const line of v.lines) cards.set(line.key, card(line));
    replaceChildren(
      groups,
      v.groups.map((g) => {
        const lines = v.lines.filter((l) => l.group === g.id);
        if (!lines.length) return null;
        const section = h(
          'section',
          { class: 'words-group', 'data-group': g.id, 'aria-labelledby': `words-group-${g.id}` },
          h('h3', { id: `words-group-${g.id}` }, g.title),
          h('p', { class: 'hint' }, g.about),
          lines.map((l) => cards.get(l.key)!.el),
        );
        groupEls.set(g.id, section);
        return section;
      }),
      h('p', { class: 'words-none', id: 'words-none', hidden: true }),
    );
    feedback.showLastSaved(v.lastSaved);
    filter();
    showPending();
  }

  /** Shows the lines that match the search (and "only changed"); a line with a problem stays in sight. */
  function filter(): void {
    if (!model) return;
    const query = search.value;
    let shown = 0;
    for (const g of model.groups) {
      const section = groupEls.get(g.id);
      if (!section) continue;
      let inGroup = 0;
      for (const line of model.lines.filter((l) => l.group === g.id)) {
        const c = cards.get(line.key)!;
        const visible =
          c.el.hasAttribute('data-invalid') ||
          (lineMatches(line, c.box.value, query) && (!onlyChanged.checked || c.box.value.trim() !== line.default || isDirty(c)));
        c.el.hidden = !visible;
        if (visible) inGroup++;
      }
      section.hidden = inGroup === 0;
      shown += inGroup;
    }
    const total = model.lines.length;
    count.textContent = shown === total ? `${total} lines` : `Showing ${shown} of ${total} lines`;
    const none = groups.querySelector('#words-none') as HTMLElement | null;
    if (none) {
      none.hidden = shown > 0;
      none.textContent = query.trim() ? `No line matches ${quoted(query.trim())}.` : 'No line is changed from its default.';
    }
  }

  const titleOf = (key: string) => cards.get(key)?.line.title ?? key;

  /** Marks each refused line with what to fix, and brings the first into view. */
  function markProblems(problems: SettingsRefusal['problems']): void {
    let first: LineCard | undefined;
    for (const p of problems) {
      const c = cards.get(p.path);
      if (!c) continue;
      c.problem.textContent = `Not saved: ${p.message}`;
      c.problem.hidden = false;
      c.el.setAttribute('data-invalid', 'true');
      first ??= c;
    }
    filter();
    if (first) {
      first.el.scrollIntoView({ block: 'center' });
      first.box.focus({ preventScroll: true });
    }
  }

  async function save(): Promise<void> {
    if (!model) return;
    const lines = changedLines(model.lines, typed);
    const n = Object.keys(lines).length;
    if (!n) {
      replaceChildren(feedback.problems);
      feedback.status.textContent = 'Nothing to save: no line was changed.';
      return;
    }
    for (const c of cards.values()) {
      c.problem.hidden = true;
      c.el.removeAttribute('data-invalid');
    }
    let notInUse: string[] = [];
    await feedback.save(
      async () => {
        try {
          const v = await api.saveMessages(ctx.token, { lines });
          notInUse = v.notInUse ?? [];
          draw(v);
        } catch (err) {
          // Nothing was saved: every line keeps what staff typed, and the ones to fix say why.
          if (err instanceof ApiCallError && err.status === 422) markProblems((err.body as unknown as SettingsRefusal | null)?.problems ?? []);
          throw err;
        }
      },
      `Saved ${n} ${n === 1 ? 'line' : 'lines'}. The next visitor hears the new words.`,
      titleOf,
    );
    if (notInUse.length)
      feedback.status.textContent += ` Your head office sets ${notInUse.map((k) => quoted(titleOf(k))).join(', ')} from the cloud, so visitors still hear their words.`;
  }

  function load(): void {
    api.staffMessages(ctx.token).then(draw, (err: unknown) => {
      if (err instanceof ApiCallError && err.status === 401) onSessionEnd();
      else
        replaceChildren(groups, h('p', { class: 'staff-status', role: 'status' }, 'Could not load the robot’s lines. Check the device is on, then try again.'));
    });
  }
  load();

  return {
    el,
    // Back on the tab: the words in use again, unless staff left changes unsaved (they stay as typed).
    refresh: () => {
      if (![...cards.values()].some(isDirty)) load();
    },
  };
}

/** The "What the robot says" tab of the staff screen (ui/screens/staff/tabs.ts). */
// A short label: the tab row wraps less on a laptop. The screen's title says it whole.
export const wordsTab: StaffTab = { id: 'words', label: 'Robot’s words', render: wordsView };
