/**
 * What a staff tab is and what it may ask of the staff screen. Tabs are listed in ./tabs.ts, one line each.
 */
import type { KioskConfig, StaffMemberView } from '../../../device/http/contract.js';
import { ApiCallError } from '../../lib/api.js';

export interface StaffContext {
  /** The staff session's token (memory only). */
  readonly token: string;
  /** Who is logged in: every change made on these screens is recorded as theirs. */
  readonly member: StaffMemberView;
  /** The intake form in force: the labels staff know for each field and its choices. */
  readonly fields: KioskConfig['fields'];
  /** Opens a contact's page over the current tab; its Back returns to the tab as it was. */
  openContact(id: string): void;
  /** Shows another tab by id. */
  show(tabId: string): void;
  /** The session ended (401): back to the PIN, saying so. */
  sessionEnded(): void;
}

export interface StaffView {
  readonly el: HTMLElement;
  /** Called when the tab is shown again (e.g. back from a contact): reload what may have changed. */
  refresh?(): void;
  dispose?(): void;
}

export interface StaffTab {
  id: string;
  label: string;
  render(ctx: StaffContext): StaffView;
  /** Whether the logged-in member gets this tab (all do when absent): a tab of changes only some may make is hidden from the rest. */
  shownTo?(member: StaffMemberView): boolean;
}

/**
 * What to tell staff about a failed call: the server's own sentence when it gave one, else `fallback`. A 401 ends
 * the session (back to the PIN) and returns null.
 */
export function failureMessage(ctx: StaffContext, err: unknown, fallback: string): string | null {
  if (err instanceof ApiCallError && err.status === 401) {
    ctx.sessionEnded();
    return null;
  }
  if (err instanceof ApiCallError && err.status === 503 && err.body) return err.body.message;
  if (err instanceof ApiCallError && err.status < 500 && err.body) return err.body.message;
  return fallback;
}

/** Saves a downloaded file through a hidden link (the browser's own download). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
