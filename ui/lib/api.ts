/** Typed calls to the runtime's HTTP API (same origin). See device/http/contract.ts for the endpoints. */
import type { BusinessProfileReply, BusinessProfileView, IntakeSave, IntakeSettingsView } from '../../device/http/contract-intake.js';
import type { MessagesSave, MessagesView } from '../../device/http/contract-messages.js';
import type { OpeningHoursReply, OpeningHoursSave } from '../../device/http/contract-hours.js';
import type {
  ApiError,
  BodyStateView,
  ContactDetail,
  ContactView,
  FieldValueView,
  CrmApiError,
  CrmFieldValue,
  CrmSettings,
  Dashboard,
  DashboardQuery,
  LeadPage,
  LeadQuery,
  NotificationItem,
  OutcomeInput,
  PersonComingView,
  HandoffSettingsView,
  PeopleList,
  PersonDetail,
  PersonItem,
  StaffMembersReply,
  StaffMemberView,
  TaskItem,
  DiagnosticsSnapshot,
  GestureResult,
  JointMoveResult,
  KioskConfig,
  PinRole,
  PinStatus,
  StaffSettings,
  SubmitResult,
  VisitView,
} from '../../device/http/contract.js';
import { CodedError } from '../../base/errors.js';

/**
 * A non-2xx answer. `body` holds the server's ApiError (for CRM routes, with `missing` or `issues`) when it sent one;
 * `code` is its error (or http_<status>).
 */
export class ApiCallError extends CodedError {
  constructor(
    readonly status: number,
    readonly body: (ApiError & Pick<CrmApiError, 'missing' | 'issues'>) | null,
  ) {
    super(body?.error ?? `http_${status}`, body?.message ?? `HTTP ${status}`);
  }
}

export type FieldValues = Record<string, FieldValueView>;

export type SubmitOutcome = { ok: true; result: SubmitResult } | { ok: false; fieldErrors: Record<string, string>; message: string };

async function send(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
}

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await send(method, path, body, token);
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiCallError(res.status, isApiError(parsed) ? parsed : null);
  return parsed as T;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as ApiError).error === 'string';
}

const visitPath = (id: string) => `/api/visits/${encodeURIComponent(id)}`;
const contactPath = (id: string) => `/api/staff/contacts/${encodeURIComponent(id)}`;

/** A query string of the set values only. */
function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The staff CRM (device/http/contract-crm.ts): every call carries the staff session's token. */
export const crmApi = {
  leads: (token: string, q: LeadQuery) => {
    const { field, ...rest } = q;
    return call<LeadPage>('GET', `/api/staff/leads${query({ ...rest, field: field?.id, value: field?.value })}`, undefined, token);
  },
  contact: (token: string, id: string) => call<ContactDetail>('GET', contactPath(id), undefined, token),
  moveStage: (token: string, id: string, stage: string, note: string) => call<ContactDetail>('POST', `${contactPath(id)}/stage`, { stage, note }, token),
  addNote: (token: string, id: string, text: string) => call<ContactDetail>('POST', `${contactPath(id)}/notes`, { text }, token),
  editField: (token: string, id: string, field: string, value: CrmFieldValue) =>
    call<ContactDetail>('PATCH', `${contactPath(id)}/fields`, { field, value }, token),
  addTag: (token: string, id: string, tag: string) => call<ContactDetail>('POST', `${contactPath(id)}/tags`, { tag }, token),
  removeTag: (token: string, id: string, tag: string) => call<ContactDetail>('DELETE', `${contactPath(id)}/tags/${encodeURIComponent(tag)}`, undefined, token),
  recordOutcome: (token: string, id: string, outcome: OutcomeInput) => call<ContactDetail>('POST', `${contactPath(id)}/outcome`, outcome, token),
  merge: (token: string, id: string, otherId: string) => call<ContactDetail>('POST', `${contactPath(id)}/merge`, { otherId }, token),
  erase: (token: string, id: string) => call<null>('DELETE', contactPath(id), undefined, token),
  dashboard: (token: string, q: DashboardQuery) => {
    const { field, ...rest } = q;
    return call<Dashboard>('GET', `/api/staff/dashboard${query({ ...rest, field: field?.id, value: field?.value })}`, undefined, token);
  },
  settings: (token: string) => call<CrmSettings>('GET', '/api/staff/crm-settings', undefined, token),
  saveSettings: (token: string, patch: Partial<CrmSettings>) => call<CrmSettings>('PUT', '/api/staff/crm-settings', patch, token),
  /** The CSV as a file to save, with the name the runtime gave it. */
  exportCsv: (token: string) => download('/api/staff/export.csv', token, 'frontdesk-contacts.csv'),
};

async function download(path: string, token: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const res = await send('GET', path, undefined, token);
  if (!res.ok) {
    const parsed: unknown = await res.json().catch(() => null);
    throw new ApiCallError(res.status, isApiError(parsed) ? parsed : null);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await res.blob(), fileName: name };
}

export const api = {
  kiosk: () => call<KioskConfig>('GET', '/api/kiosk'),
  openVisit: () => call<VisitView>('POST', '/api/visits', { trigger: 'touch' }),
  visit: (id: string) => call<VisitView>('GET', visitPath(id)),
  patchFields: (id: string, values: FieldValues) => call<VisitView>('PATCH', `${visitPath(id)}/fields`, { values }),
  cancelVisit: (id: string) => call<VisitView>('POST', `${visitPath(id)}/cancel`),
  /** "Talk to a person": staff are told at once; who is coming (also pushed as a `person-coming` event). */
  requestPerson: (id: string) => call<{ person: PersonComingView | null }>('POST', `${visitPath(id)}/person`),

  /** A 422 is an expected outcome (the server's field errors are authoritative), not an exception. */
  async submitVisit(id: string, values: FieldValues): Promise<SubmitOutcome> {
    try {
      return { ok: true, result: await call<SubmitResult>('POST', `${visitPath(id)}/submit`, { values }) };
    } catch (err) {
      if (err instanceof ApiCallError && err.status === 422 && err.body) {
        return { ok: false, fieldErrors: err.body.fieldErrors ?? {}, message: err.body.message };
      }
      throw err;
    }
  },

  /** Whether the role has a PIN yet (none on a new device: staff choose it on the kiosk), and the digits it needs. */
  pinStatus: (role: PinRole) => call<PinStatus>('GET', `/api/${role}/pin`),
  /** The role's first PIN, typed twice; 422 says why a PIN is refused, 409 that one is set already. */
  choosePin: (role: PinRole, pin: string, confirm: string) => call<{ set: true }>('POST', `/api/${role}/pin`, { pin, confirm }),
  /** Ends the session on the runtime too (the token stops working at once). */
  logout: (role: PinRole, token: string) => call<{ loggedOut: boolean }>('POST', `/api/${role}/logout`, undefined, token),

  /** A member's login: `member` (their id) may be left out while only one member has a PIN. */
  staffLogin: (pin: string, member?: string) =>
    call<{ token: string; expiresAt: string; member?: StaffMemberView }>('POST', '/api/staff/login', member === undefined ? { pin } : { pin, member }),
  /** The names to tap on the staff login: members who have a PIN. */
  staffMembers: () => call<StaffMembersReply>('GET', '/api/staff/members'),
  /** The member of a staff session. */
  staffMe: (token: string) => call<StaffMemberView>('GET', '/api/staff/me', undefined, token),
  staffContacts: (token: string) => call<ContactView[]>('GET', '/api/staff/contacts', undefined, token),
  staffSettings: (token: string) => call<StaffSettings>('GET', '/api/staff/settings', undefined, token),
  staffIntake: (token: string) => call<IntakeSettingsView>('GET', '/api/staff/intake', undefined, token),
  saveIntake: (token: string, save: IntakeSave) => call<IntakeSettingsView>('PUT', '/api/staff/intake', save, token),
  /** A prompt rendered by the robot's own voice (POST /api/staff/speech/preview), as a WAV to play. */
  hearLine: async (token: string, text: string): Promise<Blob> => {
    const res = await send('POST', '/api/staff/speech/preview', { text }, token);
    if (!res.ok) {
      const parsed: unknown = await res.json().catch(() => null);
      throw new ApiCallError(res.status, isApiError(parsed) ? parsed : null);
    }
    return res.blob();
  },
  staffBusiness: (token: string) => call<BusinessProfileReply>('GET', '/api/staff/business', undefined, token),
  saveBusiness: (token: string, profile: Partial<BusinessProfileView>) => call<BusinessProfileReply>('PUT', '/api/staff/business', profile, token),
  /** "What the robot says" (device/http/contract-messages.ts): every line, and a save of the lines changed. */
  staffMessages: (token: string) => call<MessagesView>('GET', '/api/staff/messages', undefined, token),
  saveMessages: (token: string, save: MessagesSave) => call<MessagesView>('PUT', '/api/staff/messages', save, token),
  /** The one opening-hours schedule (device/http/contract-hours.ts). */
  staffHours: (token: string) => call<OpeningHoursReply>('GET', '/api/staff/hours', undefined, token),
  saveHours: (token: string, save: OpeningHoursSave) => call<OpeningHoursReply>('PUT', '/api/staff/hours', save, token),

  technicianLogin: (pin: string) => call<{ token: string; expiresAt: string }>('POST', '/api/technician/login', { pin }),
  diagnostics: (token: string) => call<DiagnosticsSnapshot>('GET', '/api/diagnostics', undefined, token),
  moveJoint: (token: string, joint: string, degrees: number) => call<JointMoveResult>('POST', '/api/diagnostics/body/joint', { joint, degrees }, token),
  playGesture: (token: string, gesture: string) => call<GestureResult>('POST', '/api/diagnostics/body/gesture', { gesture }, token),
  setLight: (token: string, light: string, level: number) => call<BodyStateView>('POST', '/api/diagnostics/body/light', { light, level }, token),

  /** The support bundle as a file to save: its bytes and the name the runtime gave it. */
  supportBundle: (token: string) => download('/api/diagnostics/support-bundle', token, 'frontdesk-support.json'),
};

const taskPath = (id: string, action: string) => `/api/staff/handoff/tasks/${encodeURIComponent(id)}/${action}`;

/** The staff handoff (device/http/routes/handoff.ts): tasks, the inbox, people. The session's member acts. */
export const handoffApi = {
  people: (token: string) => call<{ people: PersonItem[] }>('GET', '/api/staff/handoff/people', undefined, token),
  tasks: (token: string, q: { mine?: string; overdue?: boolean; all?: boolean }) =>
    call<{ tasks: TaskItem[] }>(
      'GET',
      `/api/staff/handoff/tasks${query({ mine: q.mine, overdue: q.overdue ? '1' : undefined, all: q.all ? '1' : undefined })}`,
      undefined,
      token,
    ),
  acknowledgeTask: (token: string, id: string) => call<{ task: TaskItem }>('POST', taskPath(id, 'acknowledge'), {}, token),
  completeTask: (token: string, id: string, note: string) => call<{ task: TaskItem }>('POST', taskPath(id, 'complete'), { note }, token),
  inbox: (token: string, member: string) =>
    call<{ notifications: NotificationItem[] }>('GET', `/api/staff/handoff/inbox${query({ member })}`, undefined, token),
  settings: (token: string) => call<HandoffSettingsView>('GET', '/api/staff/handoff/settings', undefined, token),
  /** Saves parts of the handoff settings; 422 `issues` are lines "path: message" (e.g. "people.2.shifts.mon.0: ..."). */
  saveSettings: (token: string, settings: { [K in keyof HandoffSettingsView]?: unknown }) =>
    call<HandoffSettingsView>('PUT', '/api/staff/handoff/settings', { settings }, token),
  saveRules: (token: string, rules: unknown[]) => call<HandoffSettingsView>('PUT', '/api/staff/handoff/settings', { settings: { rules } }, token),
  acknowledgeNotification: (token: string, id: string) =>
    call<{ notification: NotificationItem }>('POST', `/api/staff/handoff/notifications/${encodeURIComponent(id)}/acknowledge`, {}, token),
  /** The People tab (device/http/routes/people.ts). */
  peopleList: (token: string) => call<PeopleList>('GET', '/api/staff/people', undefined, token),
  addPerson: (token: string, person: { name: string; role: string; email?: string; webhook?: string; pin: string; confirm: string }) =>
    call<{ person: PersonDetail }>('POST', '/api/staff/people', person, token),
  setPersonPin: (token: string, id: string, pin: string, confirm: string) =>
    call<{ person: PersonDetail }>('PUT', `/api/staff/people/${encodeURIComponent(id)}/pin`, { pin, confirm }, token),
  removePerson: (token: string, id: string) => call<void>('DELETE', `/api/staff/people/${encodeURIComponent(id)}`, undefined, token),
};
