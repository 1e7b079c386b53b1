/**
 * What the handoff settings tabs (People, Shifts, Opening hours, Scoring, Escalation) share: inputs that know the
 * settings path they edit (`data-path`, e.g. "people.2.email"), the runtime's refusals placed next to those inputs,
 * and one save bar. The runtime's one validator (device/handoff/validate.ts) decides; the screens only show.
 */
import type { HandoffSettingsView } from '../../../device/http/contract.js';
import { ApiCallError, handoffApi } from '../../lib/api.js';
import { h, type Props } from '../../lib/dom.js';
import { failureMessage, type StaffContext } from './context.js';

export interface Issue {
  path: string;
  message: string;
}

/** The refusal's problems: lines "path: message" (handoff settings) or {path, message} (People), as one shape. */
export function issuesOf(err: unknown): Issue[] {
  if (!(err instanceof ApiCallError)) return [];
  const raw = (err.body as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((i: unknown): Issue[] => {
    if (typeof i === 'string') {
      const at = i.indexOf(': ');
      return [at < 0 ? { path: '', message: i } : { path: i.slice(0, at), message: i.slice(at + 2) }];
    }
    if (i && typeof i === 'object' && typeof (i as Issue).message === 'string')
      return [{ path: String((i as Issue).path ?? ''), message: (i as Issue).message }];
    return [];
  });
}

export function clearIssues(root: HTMLElement): void {
  for (const e of root.querySelectorAll('.field-error')) e.remove();
  for (const e of root.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

/** Puts each message after the input of its path, or of the nearest path above it; the rest at the top of `root`. */
export function placeIssues(root: HTMLElement, issues: Issue[]): void {
  for (const issue of issues) {
    const parts = issue.path.split('.').filter(Boolean);
    let target: HTMLElement | null = null;
    while (parts.length && !target) {
      target = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(parts.join('.'))}"]`);
      parts.pop();
    }
    const note = h('p', { class: 'field-error', role: 'alert', 'data-error-for': issue.path }, issue.message);
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.after(note);
    } else root.prepend(note);
  }
  root.querySelector('.field-error')?.scrollIntoView({ block: 'center' });
}

/** A one-line input editing `path`; the on-screen keyboard types into it (`keyboard`: text, email or phone digits). */
export function input(path: string, value: string, attrs: Props = {}, keyboard: 'text' | 'email' | 'phone' = 'text'): HTMLInputElement {
  return h('input', { type: 'text', class: 'text-input', 'data-path': path, inputmode: 'none', 'data-keyboard': keyboard, value, maxlength: 200, ...attrs });
}

/** A labelled field: the words staff read, then the input. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'settings-field' }, h('span', {}, label), control, hint ? h('small', { class: 'settings-hint' }, hint) : null);
}

/** The save bar of a tab: a button and what came of the last save. */
export function saveBar(id: string, onSave: () => void): { el: HTMLElement; button: HTMLButtonElement; result: HTMLElement } {
  const button = h('button', { type: 'button', class: 'btn btn-primary', id: `${id}-save`, onclick: onSave }, 'Save');
  const result = h('p', { class: 'settings-result', role: 'status', id: `${id}-result`, hidden: true });
  return { el: h('div', { class: 'settings-save' }, button, result), button, result };
}

/**
 * Saves part of the handoff settings; on a refusal shows each problem next to its input. Returns the settings in
 * force after the save, or null when nothing was saved.
 */
export async function saveHandoff(
  ctx: StaffContext,
  form: HTMLElement,
  bar: ReturnType<typeof saveBar>,
  patch: { [K in keyof HandoffSettingsView]?: unknown },
): Promise<HandoffSettingsView | null> {
  clearIssues(form);
  bar.result.hidden = true;
  bar.button.disabled = true;
  try {
    const saved = await handoffApi.saveSettings(ctx.token, patch);
    bar.result.textContent = 'Saved. The change takes effect now.';
    bar.result.className = 'settings-result ok';
    return saved;
  } catch (err) {
    const issues = issuesOf(err);
    if (issues.length) placeIssues(form, issues);
    const message = failureMessage(ctx, err, 'Could not save. Nothing was changed; try again.');
    if (message === null) return null;
    bar.result.textContent = issues.length
      ? `Not saved: ${issues.length === 1 ? 'one thing needs' : `${issues.length} things need`} fixing (marked above).`
      : message;
    bar.result.className = 'settings-result error';
    return null;
  } finally {
    bar.result.hidden = false;
    bar.button.disabled = false;
  }
}

/** Role names as staff say them. */
export const ROLE_WORDS: Record<string, string> = { owner: 'Owner', manager: 'Manager', sales: 'Sales', 'front-desk': 'Front desk' };

/** "09:00-13:00, 14:00-18:00" -> spans; empty or "closed"/"off" -> none. */
export function spansFrom(text: string): string[] {
  const t = text.trim();
  if (!t || /^(closed|off|-)$/i.test(t)) return [];
  return t
    .split(/[,;]/)
    .map((s) => s.replace(/\s+/g, '').replace(/[–—]/g, '-'))
    .filter(Boolean);
}

export function spansText(spans: readonly string[]): string {
  return spans.join(', ');
}
