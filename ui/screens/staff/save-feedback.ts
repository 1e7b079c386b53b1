/**
 * The save line of a settings editor (intake form, business profile): a status sentence, and the problems the
 * runtime named when it refused, each as "path: message". One block so both editors say it the same way.
 */
import type { LastSaved, SettingsRefusal } from '../../../device/http/contract-intake.js';
import { ApiCallError } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';

export interface SaveFeedback {
  /** The status sentence (role=status); editors also use it for a failed load. */
  readonly status: HTMLElement;
  /** The refusal's problems (role=alert). */
  readonly problems: HTMLElement;
  /** "Last saved by Maria at 14:02" (empty when never saved on the staff screen); editors put it under Save. */
  readonly lastSaved: HTMLElement;
  /** Shows who saved last, as the runtime answered it. */
  showLastSaved(saved: LastSaved | null): void;
  /**
   * Shows "Saving…", runs `write`, then says `saved`; on a refusal lists its problems, each under the name
   * `where` gives its path (staff read "Question 3 ("Phone"), What the robot asks", not "fields[2].prompt"); a 401
   * ends the session.
   */
  save(write: () => Promise<void>, saved: string, where?: (path: string) => string): Promise<void>;
}

/** The time alone when it was today, else with its day. */
export function lastSavedText(saved: LastSaved, now = new Date()): string {
  const d = new Date(saved.at);
  if (Number.isNaN(d.getTime())) return `Last saved by ${saved.by}`;
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const today = d.toDateString() === now.toDateString();
  return `Last saved by ${saved.by} at ${time}${today ? '' : ` on ${d.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' })}`}`;
}

/** `idPrefix` names the elements (`<prefix>-status`, `<prefix>-problems`) for tests and labels. */
export function saveFeedback(idPrefix: string, onSessionEnd: () => void): SaveFeedback {
  const status = h('p', { class: 'staff-status', role: 'status', id: `${idPrefix}-status` });
  const problems = h('ul', { class: 'intake-problems', role: 'alert', id: `${idPrefix}-problems` });
  const lastSaved = h('p', { class: 'staff-last-saved', id: `${idPrefix}-last-saved` });
  const showLastSaved = (saved: LastSaved | null) => {
    lastSaved.textContent = saved ? lastSavedText(saved) : '';
  };
  async function save(write: () => Promise<void>, saved: string, where: (path: string) => string = (p) => p): Promise<void> {
    replaceChildren(problems);
    status.textContent = 'Saving…';
    try {
      await write();
      status.textContent = saved;
    } catch (err) {
      if (err instanceof ApiCallError && err.status === 401) return onSessionEnd();
      const refusal = err instanceof ApiCallError ? (err.body as unknown as SettingsRefusal | null) : null;
      status.textContent = 'Not saved. Please fix the problems below.';
      replaceChildren(
        problems,
        (refusal?.problems ?? [{ path: '', message: refusal?.message ?? 'The runtime did not answer. Try again.' }]).map((p) =>
          h('li', {}, p.path ? `${where(p.path)}: ${p.message}` : p.message),
        ),
      );
    }
  }
  return { status, problems, lastSaved, showLastSaved, save };
}
