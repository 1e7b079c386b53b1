/**
 * Where the staff screen is, as the address bar shows it, so the browser's Back and a saved link work:
 *   #/staff                 the first daily tab (Leads)
 *   #/staff/<tab>           a tab, daily or set-up (#/staff/leads, #/staff/hours)
 *   #/staff/setup           the set-up page: every set-up screen, grouped, in plain words
 *   #/staff/contact/<id>    a contact's page, over the tab it was opened from
 * Pure: no DOM, so it is tested on its own.
 */

export const STAFF_HASH = '#/staff';

export type StaffRoute = { kind: 'home' } | { kind: 'setup' } | { kind: 'tab'; id: string } | { kind: 'contact'; id: string };

/** Whether a hash belongs to the staff screen at all (#/staff or below it). */
export function isStaffHash(hash: string): boolean {
  return hash === STAFF_HASH || hash.startsWith(`${STAFF_HASH}/`);
}

/** The route a hash names; null when it is not the staff screen's. A tab id is not checked here (the screen knows its tabs). */
export function parseStaffHash(hash: string): StaffRoute | null {
  if (!isStaffHash(hash)) return null;
  const parts = hash
    .slice(STAFF_HASH.length)
    .split('/')
    .filter((p) => p !== '');
  if (parts.length === 0) return { kind: 'home' };
  let first: string;
  let second: string | undefined;
  try {
    [first, second] = parts.map(decodeURIComponent) as [string, string | undefined];
  } catch {
    return { kind: 'home' }; // a hand-typed address with a broken %-escape
  }
  if (first === 'setup' && parts.length === 1) return { kind: 'setup' };
  if (first === 'contact' && second && parts.length === 2) return { kind: 'contact', id: second };
  if (parts.length === 1) return { kind: 'tab', id: first };
  return { kind: 'home' };
}

/** The hash of a route. */
export function staffHash(route: StaffRoute): string {
  switch (route.kind) {
    case 'home':
      return STAFF_HASH;
    case 'setup':
      return `${STAFF_HASH}/setup`;
    case 'tab':
      return `${STAFF_HASH}/${encodeURIComponent(route.id)}`;
    case 'contact':
      return `${STAFF_HASH}/contact/${encodeURIComponent(route.id)}`;
  }
}
