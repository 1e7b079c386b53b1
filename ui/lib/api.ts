/** Typed calls to the runtime's HTTP API (same origin). See device/http/contract.ts for the endpoints. */
import type {
  ApiError,
  ContactView,
  KioskConfig,
  StaffSettings,
  SubmitResult,
  VisitView,
} from '../../device/http/contract.js';

/** A non-2xx answer. `body` holds the server's ApiError when it sent one. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiCallError';
  }
}

export type FieldValues = Record<string, string | boolean>;

export type SubmitOutcome =
  | { ok: true; result: SubmitResult }
  | { ok: false; fieldErrors: Record<string, string>; message: string };

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiCallError(res.status, isApiError(parsed) ? parsed : null);
  return parsed as T;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as ApiError).error === 'string';
}

const visitPath = (id: string) => `/api/visits/${encodeURIComponent(id)}`;

export const api = {
  kiosk: () => call<KioskConfig>('GET', '/api/kiosk'),
  openVisit: () => call<VisitView>('POST', '/api/visits', { trigger: 'touch' }),
  visit: (id: string) => call<VisitView>('GET', visitPath(id)),
  patchFields: (id: string, values: FieldValues) => call<VisitView>('PATCH', `${visitPath(id)}/fields`, { values }),
  cancelVisit: (id: string) => call<VisitView>('POST', `${visitPath(id)}/cancel`),

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

  staffLogin: (pin: string) => call<{ token: string; expiresAt: string }>('POST', '/api/staff/login', { pin }),
  staffContacts: (token: string) => call<ContactView[]>('GET', '/api/staff/contacts', undefined, token),
  staffSettings: (token: string) => call<StaffSettings>('GET', '/api/staff/settings', undefined, token),
};
