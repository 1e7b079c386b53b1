/**
 * Intake validation: the one authority on whether a value is acceptable, for touch and voice alike. Each field
 * type (device/intake/types) checks its own values; the messages are the business's (device/intake/messages.ts),
 * written for the customer at the kiosk, and the kiosk gets the same words with its config (`fieldView`).
 */
import type { Config, IntakeField } from '../config/schema.js';
import type { IntakeFieldView } from '../http/contract.js';
import { Messages } from '../intake/messages.js';
import { fieldType, isBlank, labelWords, type FieldCheck, type FieldContext, type FieldValue } from '../intake/types/index.js';

export type { FieldCheck, FieldContext, FieldValue };

const MESSAGES = new WeakMap<Config, Messages>();

/** The business's lines (defaults, business texts, overrides), one table per config. */
export function messagesOf(config: Config): Messages {
  let m = MESSAGES.get(config);
  if (!m) {
    m = new Messages(config.messages, config.business);
    MESSAGES.set(config, m);
  }
  return m;
}

/** What checking a value needs from the config, and the clock (injectable: "tomorrow" depends on it). */
export function fieldContext(config: Config, now: () => Date = () => new Date()): FieldContext {
  const messages = messagesOf(config);
  return { country: config.device.country, timezone: config.device.timezone, now, message: (key, vars) => messages.say(key, vars) };
}

const DEFAULT_MESSAGES = new Messages();

/** A context of default messages and UTC for callers that know only the country (the CRM's field edits). */
function contextOf(ctx: FieldContext | string): FieldContext {
  if (typeof ctx !== 'string') return ctx;
  return { country: ctx, timezone: 'UTC', now: () => new Date(), message: (key, vars) => DEFAULT_MESSAGES.say(key, vars) };
}

/** Checks and normalizes one value (phone to E.164, email lower-case, number as a number, date as ISO). */
export function checkField(field: IntakeField, raw: FieldValue | undefined | null, context: FieldContext | string): FieldCheck {
  const ctx = contextOf(context);
  const type = fieldType(field.kind);
  if (raw === undefined || raw === null || isBlank(raw)) {
    if (!field.required) return { ok: true, value: type.empty };
    return { ok: false, code: 'required', message: ctx.message(`${field.kind}.required`, { label: labelWords(field) }) };
  }
  return type.check(field, raw, ctx);
}

/** Checks every field; returns normalized values or the customer-facing message per rejected field. */
export function checkAll(
  fields: readonly IntakeField[],
  values: Record<string, FieldValue>,
  ctx: FieldContext,
): { values: Record<string, FieldValue>; errors: Record<string, string> } {
  const out: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const r = checkField(f, values[f.id], ctx);
    if (r.ok) out[f.id] = r.value;
    else errors[f.id] = r.message;
  }
  return { values: out, errors };
}

/** How the robot reads a value back: phone digits grouped, choices by their labels, dates in words. */
export function spokenValue(field: IntakeField, value: FieldValue, ctx: FieldContext): string {
  return fieldType(field.kind).spoken(field, value, ctx);
}

/** Message codes the kiosk checks itself (the runtime re-checks everything on Send). */
const VIEW_CODES = ['required', 'invalid', 'unknown', 'tooLong', 'tooShort', 'tooSmall', 'tooLarge', 'whole', 'letters', 'needTime', 'extension'];

/** A field as the kiosk renders it: its control, options, help and the messages of its checks, filled in. */
export function fieldView(field: IntakeField, config: Config): IntakeFieldView {
  const type = fieldType(field.kind);
  const ctx = fieldContext(config);
  const control = type.control(field);
  // A control's own limits (a date's default years) stand in for the ones the field does not set.
  const vars = { label: labelWords(field), min: field.min ?? control.min ?? '', max: field.max ?? control.max ?? control.maxLength ?? '' };
  const messages: Record<string, string> = {};
  for (const code of VIEW_CODES) if (code === 'required' || code in type.messages) messages[code] = ctx.message(`${field.kind}.${code}`, vars);
  return {
    id: field.id,
    kind: field.kind,
    label: field.label,
    required: field.required,
    control,
    messages,
    ...(field.help ? { help: field.help } : {}),
    ...(field.choices && field.kind.includes('choice') ? { choices: field.choices.map((c) => ({ value: c.value, label: c.label })) } : {}),
    ...(field.kind === 'consent' ? { consentText: config.intake.consentText } : {}),
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
  };
}
