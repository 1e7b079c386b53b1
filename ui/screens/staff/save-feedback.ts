/**
 * The save line of a settings editor (intake form, business profile): a status sentence, and the problems the
 * runtime named when it refused, each as "path: message". One block so both editors say it the same way.
 */
import type { SettingsRefusal } from '../../../device/http/contract-intake.js';
import { ApiCallError } from '../../lib/api.js';
import { h, replaceChildren } from '../../lib/dom.js';

export interface SaveFeedback {
  /** The status sentence (role=status); editors also use it for a failed load. */
  readonly status: HTMLElement;
  /** The refusal's problems (role=alert). */
  readonly problems: HTMLElement;
  /** Shows "Saving…", runs `write`, then says `saved`; on a refusal lists its problems; a 401 ends the session. */
  save(write: () => Promise<void>, saved: string): Promise<void>;
}

/** `idPrefix` names the elements (`<prefix>-status`, `<prefix>-problems`) for tests and labels. */
export function saveFeedback(idPrefix: string, onSessionEnd: () => void): SaveFeedback {
  const status = h('p', { class: 'staff-status', role: 'status', id: `${idPrefix}-status` });
  const problems = h('ul', { class: 'intake-problems', role: 'alert', id: `${idPrefix}-problems` });
  async function save(write: () => Promise<void>, saved: string): Promise<void> {
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
          h('li', {}, p.path ? `${p.path}: ${p.message}` : p.message),
        ),
      );
    }
  }
  return { status, problems, save };
}
