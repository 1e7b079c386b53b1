/**
 * Staff and technician logins for tests, the one place they live. There is no default PIN: on a fresh device the
 * helper first chooses the PIN as the kiosk would on first start (POST /api/<role>/pin, twice the same), then logs in.
 * A runtime started with staff.pin / technician.pin in its config already has one; pass it.
 */
import { callApi } from './api-client.js';

/** PINs the tests choose: long enough (6 and 8 digits) and not a pattern the runtime refuses. */
export const TEST_STAFF_PIN = '402719';
export const TEST_TECHNICIAN_PIN = '58301746';

export type Role = 'staff' | 'technician';

/** Chooses the role's PIN if the device has none yet; returns the PIN in force (assumed `pin` when one was set). */
export async function ensurePin(base: string, role: Role, pin: string): Promise<void> {
  const status = await callApi<{ set: boolean }>(base, 'GET', `/api/${role}/pin`);
  if (status.status !== 200) throw new Error(`GET /api/${role}/pin answered ${status.status}`);
  if (status.body.set) return;
  const chosen = await callApi<{ message?: string }>(base, 'POST', `/api/${role}/pin`, { pin, confirm: pin });
  if (chosen.status !== 200) throw new Error(`choosing the ${role} PIN failed: ${chosen.status} ${chosen.body.message ?? ''}`);
}

/**
 * Logs in as `role` (choosing the PIN first on a fresh device); returns the session token. Staff: the first member
 * (who holds the device's first PIN) unless `member` names another, by name or id.
 */
export async function loginAs(base: string, role: Role, pin = role === 'staff' ? TEST_STAFF_PIN : TEST_TECHNICIAN_PIN, member?: string): Promise<string> {
  await ensurePin(base, role, pin);
  let r = await callApi<{ token?: string; error?: string; message?: string }>(
    base,
    'POST',
    `/api/${role}/login`,
    member === undefined ? { pin } : { pin, member },
  );
  if (r.status === 409 && r.body.error === 'member_required') {
    // Several members have PINs: the first listed is the one who holds the device's first PIN.
    const first = (await callApi<{ members: { id: string }[] }>(base, 'GET', '/api/staff/members')).body.members[0]!;
    r = await callApi(base, 'POST', '/api/staff/login', { pin, member: first.id });
  }
  if (r.status !== 200 || !r.body.token) throw new Error(`${role} login failed: ${r.status} ${r.body.message ?? ''}`);
  return r.body.token;
}

export const loginAsStaff = (base: string, pin?: string, member?: string): Promise<string> => loginAs(base, 'staff', pin, member);
export const loginAsTechnician = (base: string, pin?: string): Promise<string> => loginAs(base, 'technician', pin);

/** `Authorization` header of a session token. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
