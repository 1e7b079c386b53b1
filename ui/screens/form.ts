/**
 * The intake form of one visit. Touch edits go to the runtime (debounced PATCH); `visit` events fill fields as the
 * voice flow hears them. Submit checks the basics here, then the server decides (422 field errors shown the same way).
 */
import type { PersonComingView, UiEvent, VisitView } from '../../device/http/contract.js';
import { api, ApiCallError, type FieldValues } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { focusNextField } from '../lib/focus.js';
import { validateField, validateForm } from '../lib/validate.js';
import { FieldSync } from './field-sync.js';
import { renderField, type FieldControl } from './fields.js';
import type { AppContext, Screen } from './screen.js';

const VOICE_FILL_HIGHLIGHT_MS = 1500;

export function formScreen(ctx: AppContext, visit: VisitView): Screen {
  const { config } = ctx;
  let finished = false; // submitted, or ended by the runtime: nothing left to cancel
  let disposed = false;
  const sync = new FieldSync((values) => api.patchFields(visit.id, values));
  /** Fields whose shown value the customer typed or tapped (not the voice flow). */
  const touched = new Set<string>();

  const controls = config.fields.map((field) =>
    renderField(field, (id, value) => {
      touched.add(id);
      sync.edit(id, value);
      // Once a message is shown, keep it current as the customer fixes the value.
      if (control(id)?.el.classList.contains('invalid')) control(id)?.setError(validateField(field, value));
    }),
  );
  const control = (id: string): FieldControl | undefined => controls.find((c) => c.field.id === id);

  /**
   * Fields kept from a returning visitor's contact: the runtime sends only their masked text (whoever typed the
   * phone is not proven to be its owner), so the screen shows that with a Change button, and Send leaves them out
   * (the runtime keeps the real value) unless the visitor changes them.
   */
  const kept = new Map<string, { note: HTMLElement; hidden: HTMLElement[] }>();
  const showKept = (c: FieldControl, masked: string) => {
    const shown = kept.get(c.field.id);
    if (shown) {
      shown.note.querySelector('.kept-value')!.textContent = masked;
      return;
    }
    const change = h('button', { type: 'button', class: 'btn btn-secondary btn-change', onclick: () => unkeep(c, true) }, 'Change');
    const note = h(
      'p',
      { class: 'kept-note', 'data-kept': c.field.id },
      'Kept from your last visit: ',
      h('span', { class: 'kept-value' }, masked),
      ' ',
      change,
    );
    const hidden = [...c.el.children].filter(
      (child): child is HTMLElement => child instanceof HTMLElement && !child.classList.contains('field-label') && !child.hidden,
    );
    for (const child of hidden) child.hidden = true;
    c.el.querySelector('.field-label')!.after(note);
    c.el.classList.add('kept');
    kept.set(c.field.id, { note, hidden });
  };
  /** Back to the ordinary input: the visitor pressed Change, or the value changed elsewhere (e.g. said again). */
  const unkeep = (c: FieldControl, focus: boolean) => {
    const shown = kept.get(c.field.id);
    if (!shown) return;
    kept.delete(c.field.id);
    shown.note.remove();
    for (const child of shown.hidden) child.hidden = false;
    c.el.classList.remove('kept');
    if (focus) c.focus();
  };

  // Check a field when the customer leaves it with something typed (e.g. a half email).
  for (const c of controls) {
    c.input.addEventListener('blur', () => {
      const value = c.get();
      if (typeof value === 'string' && value.trim() !== '') c.setError(validateField(c.field, value));
    });
  }

  const summary = h('p', { class: 'form-summary', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'submit' }, 'Send');
  const startOver = h('button', { type: 'button', class: 'btn btn-secondary', id: 'cancel', onclick: () => ctx.go({ screen: 'attract' }) }, 'Start over');
  // "Talk to a person", at any point: staff are told at once and the kiosk shows who is coming (the same request
  // as saying it to the robot). The visit stays open: what the visitor gave so far is theirs to finish or leave.
  const talk = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary btn-person',
      id: 'talk-to-person',
      onclick: () => {
        talk.disabled = true;
        api.requestPerson(visit.id).then(
          ({ person }) => {
            if (person && !disposed) showComing(person);
          },
          (err: unknown) => {
            talk.disabled = false;
            summary.textContent =
              err instanceof ApiCallError && err.body ? err.body.message : 'Sorry, we could not call someone just now. Please ask at the desk.';
            summary.hidden = false;
          },
        );
      },
    },
    'Talk to a person',
  );
  const showComing = (person: PersonComingView) => {
    finished = true; // the "who is coming" screen keeps the visit open, and ends it when it closes
    ctx.go({ screen: 'coming', visitId: visit.id, person });
  };
  const form = h(
    'form',
    { class: 'intake', novalidate: true, 'aria-label': 'Your details' },
    controls.map((c) => c.el),
    summary,
    h('div', { class: 'form-actions' }, startOver, submit),
  );
  const el = h(
    'section',
    { class: 'screen screen-form', 'data-screen': 'form' },
    h('header', { class: 'form-header' }, h('p', { class: 'business' }, config.businessName), h('h1', {}, config.greeting), talk),
    form,
  );

  const values = (): FieldValues => Object.fromEntries(controls.filter((c) => !kept.has(c.field.id)).map((c) => [c.field.id, c.get()]));

  const showErrors = (errors: Record<string, string>, message: string) => {
    const invalid = controls.filter((c) => errors[c.field.id]);
    for (const c of controls) c.setError(errors[c.field.id] ?? null);
    summary.textContent = message;
    summary.hidden = false;
    invalid[0]?.focus();
  };

  /**
   * Live state from the runtime. A value the voice flow set replaces the field (unless the customer has an edit
   * in flight) and brings the runtime's verdict on it. The runtime also judges half-typed touch values on every
   * PATCH; those verdicts are not shown, since the customer is still typing (this form checks on leaving the
   * field and on Send, and a 422 on Send is shown in full).
   */
  const applyVisit = (next: VisitView) => {
    for (const c of controls) {
      const id = c.field.id;
      const value = next.values[id];
      if (sync.isBusy(id)) continue;
      const keptView = next.kept?.[id];
      if (keptView) {
        if (!touched.has(id)) showKept(c, keptView.masked);
        continue;
      }
      if (kept.has(id)) unkeep(c, false);
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(c.get())) {
        c.set(value);
        touched.delete(id);
        c.setError(next.fieldErrors[id] ?? null);
        c.el.classList.add('filled-live');
        window.setTimeout(() => c.el.classList.remove('filled-live'), VOICE_FILL_HIGHLIGHT_MS);
      } else if (!touched.has(id) && next.fieldErrors[id]) {
        c.setError(next.fieldErrors[id]);
      }
    }
  };
  applyVisit(visit);

  // A physical Enter moves to the next field, as the on-screen Next key does; on the last field it sends.
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement) || e.target.type === 'checkbox') return;
    e.preventDefault();
    if (!focusNextField(e.target)) form.requestSubmit();
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const current = values();
    const errors = validateForm(
      config.fields.filter((f) => !kept.has(f.id)),
      current,
    );
    if (Object.keys(errors).length > 0) return showErrors(errors, 'Please check the highlighted answers.');
    submit.disabled = true;
    submit.textContent = 'Sending…';
    summary.hidden = true;
    try {
      sync.dispose(); // the submit carries every value
      const outcome = await api.submitVisit(visit.id, current);
      if (disposed) return;
      if (outcome.ok) {
        finished = true;
        ctx.go({ screen: 'thanks', name: outcome.result.firstName ?? '' });
      } else {
        showErrors(outcome.fieldErrors, outcome.message || 'Please check the highlighted answers.');
      }
    } catch (err) {
      // The runtime's own sentence when it gave one (e.g. the visit already ended), else ours.
      summary.textContent = err instanceof ApiCallError && err.body ? err.body.message : 'Sorry, we could not send that just now. Please try again.';
      summary.hidden = false;
    } finally {
      submit.disabled = false;
      submit.textContent = 'Send';
    }
  }

  return {
    el,
    onEvent(event: UiEvent) {
      // Asked by voice or by the button: either way the kiosk shows who is coming.
      if (event.type === 'person-coming' && event.visitId === visit.id && !disposed) return showComing(event.person);
      if (event.type !== 'visit' || event.visit.id !== visit.id) return;
      if (event.visit.stage === 'done' || event.visit.stage === 'abandoned') finished = true;
      applyVisit(event.visit);
    },
    dispose() {
      disposed = true;
      sync.dispose();
      if (!finished) void api.cancelVisit(visit.id).catch(() => undefined);
    },
  };
}
