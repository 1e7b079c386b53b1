/**
 * "What the robot says" (contract-messages.ts): every line of the messages module with its default and the words in
 * use, and a save of the lines staff changed. The save goes through the staff settings like the intake form and the
 * business profile: the one config validator checks it (a line that drops a placeholder it must keep is refused
 * there), it is kept across restarts, recorded as the session member's, and in effect from the next visit.
 *
 * Staff own only the lines they changed: a line set back to its default is dropped from their overrides (or saved
 * as the default when the config file has other words for it). The greeting and the farewell are the business
 * profile's texts, so the Business tab and this screen show the same words.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { MESSAGE_GROUPS, lineTitle, messageCatalog } from '../../intake/message-catalog.js';
import { Messages, defaultMessages } from '../../intake/messages.js';
import type { StaffSave, StaffSettings, StaffSettingsPatch } from '../../intake/staff-settings.js';
import type { SettingsRefusal } from '../contract-intake.js';
import type { MessagesSave, MessagesView } from '../contract-messages.js';
import { badRequest, fail } from '../replies.js';

export const MESSAGES_PATH = '/api/staff/messages';
/** As the config allows: a messages line (device/intake/messages.ts), a business text (device/intake/business-schema.ts). */
const LINE_MAX_CHARS = 500;
const BUSINESS_TEXT_MAX_CHARS = 300;
/** Lines kept in the business profile, not in the messages section. */
const BUSINESS_LINES = ['greeting', 'farewell'] as const;
type BusinessLine = (typeof BUSINESS_LINES)[number];
const isBusinessLine = (key: string): key is BusinessLine => (BUSINESS_LINES as readonly string[]).includes(key);

export interface MessagesRoutesDeps {
  /** The config running now (the file's, the staff's, the cloud's). */
  config: () => Config;
  /** The config file's own settings, under the staff's. */
  fileConfig: () => Config;
  staffSettings: () => StaffSettings;
  saveStaffSettings: (patch: StaffSettingsPatch, by: StaffSave['by']) => Config;
}

export interface MessagesRoutesAuth {
  member(authorizationHeader: string | undefined): { id: string; name: string } | null;
}

const saveSchema = z
  .object({
    lines: z
      .record(
        z.string().min(1).max(80),
        z
          .string()
          .max(4 * LINE_MAX_CHARS)
          .nullable(),
      )
      .refine((l) => Object.keys(l).length <= 500, 'at most 500 lines at once'),
  })
  .strict();

let firstStart: Record<string, string> | null = null;
/**
 * Each line's default: the messages module's, and for the greeting and the farewell the business texts a device
 * starts with (what "Back to the default" gives back, and a fresh device does not show as changed).
 */
function lineDefaults(): Record<string, string> {
  if (!firstStart) {
    const business = parseConfig({}).business;
    firstStart = { ...defaultMessages(), greeting: business.greeting, farewell: business.farewell };
  }
  return firstStart;
}

function view(config: Config, saved: StaffSave | null): MessagesView {
  const inUse = new Messages(config.messages, config.business);
  return {
    groups: MESSAGE_GROUPS.map((g) => ({ ...g })),
    lines: messageCatalog(lineDefaults()).map((line) => ({
      ...line,
      current: inUse.line(line.key) ?? line.default,
      maxLength: isBusinessLine(line.key) ? BUSINESS_TEXT_MAX_CHARS : LINE_MAX_CHARS,
      // Heard with this business's own name.
      placeholders: line.placeholders.map((p) => (p.name === 'business' ? { ...p, example: config.business.name } : p)),
    })),
    lastSaved: saved ? { by: saved.by.name, at: saved.at } : null,
  };
}

/** The staff settings sections that hold `lines` (only the ones changed) over what staff saved before. */
function patchFor(lines: MessagesSave['lines'], staff: StaffSettings, file: Config): StaffSettingsPatch {
  const defaults = lineDefaults();
  const messages = { ...staff.messages };
  let business: Record<string, unknown> | undefined;
  for (const [key, typed] of Object.entries(lines)) {
    const words = typed === null ? (defaults[key] ?? '') : typed.trim();
    const fileWords = file.messages[key];
    delete messages[key];
    if (isBusinessLine(key)) {
      business = { ...(business ?? staff.business), [key]: words };
      // A file's override of this line would hide the business text: the staff's words go over it too.
      if (fileWords !== undefined) messages[key] = words;
    } else if (words !== defaults[key] || (fileWords !== undefined && fileWords !== words)) {
      messages[key] = words;
    }
  }
  return { messages, ...(business ? { business } : {}) };
}

/** Problems the config validator does not word for a screen: an empty line, one too long. */
function lineProblems(lines: MessagesSave['lines']): SettingsRefusal['problems'] {
  const problems: SettingsRefusal['problems'] = [];
  for (const [key, text] of Object.entries(lines)) {
    if (text === null) continue;
    const max = isBusinessLine(key) ? BUSINESS_TEXT_MAX_CHARS : LINE_MAX_CHARS;
    if (!text.trim()) problems.push({ path: key, message: 'write the words, or press "Back to the default"' });
    else if (text.trim().length > max) problems.push({ path: key, message: `at most ${max} characters (this has ${text.trim().length})` });
  }
  return problems;
}

/** Each problem under the line's key; the message names each line by its title ("Not saved: Price of one service: must keep {price} ..."). */
function refusal(problems: SettingsRefusal['problems']): SettingsRefusal {
  return { error: 'invalid', message: `Not saved: ${problems.map((p) => `${lineTitle(p.path)}: ${p.message}`).join('; ')}`, problems };
}

function fromConfigError(err: ConfigError): SettingsRefusal['problems'] {
  return err.problems.map((p) => {
    const key = p.path.replace(/^(messages|business)\.?/, '');
    // The validator names the line by its key ("\"answer.price\" must keep ..."); the screen names it by its title.
    return { path: key, message: p.reason.replace(`"${key}" `, '') };
  });
}

export function registerMessagesRoutes(app: FastifyInstance, deps: MessagesRoutesDeps, auth: MessagesRoutesAuth): void {
  const staff = (req: { headers: { authorization?: string | undefined } }, reply: FastifyReply): { id: string; name: string } | null => {
    const m = auth.member(req.headers.authorization);
    if (m) return m;
    fail(reply, 401, { error: 'unauthorized', message: 'Log in with the staff PIN first.' });
    return null;
  };
  const lastSaved = () => deps.staffSettings().saved?.messages ?? null;

  app.get(MESSAGES_PATH, async (req, reply) => (staff(req, reply) ? view(deps.config(), lastSaved()) : reply));

  app.put(MESSAGES_PATH, async (req, reply) => {
    const by = staff(req, reply);
    if (!by) return reply;
    const body = saveSchema.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const lines = body.data.lines;
    const empty = lineProblems(lines);
    if (empty.length) return reply.code(422).send(refusal(empty));
    let config: Config;
    try {
      config = deps.saveStaffSettings(patchFor(lines, deps.staffSettings(), deps.fileConfig()), { id: by.id, name: by.name });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return reply.code(422).send(refusal(fromConfigError(err)));
    }
    const saved = view(config, lastSaved());
    const inUse = new Map(saved.lines.map((l) => [l.key, l.current]));
    const defaults = lineDefaults();
    const notInUse = Object.entries(lines)
      .filter(([key, typed]) => inUse.get(key) !== (typed === null ? defaults[key] : typed.trim()))
      .map(([key]) => key);
    return { ...saved, ...(notInUse.length ? { notInUse } : {}) };
  });
}
