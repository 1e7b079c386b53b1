/**
 * `frontdesk contacts`: the CRM from the command line, with the same CrmService as the staff screens. It opens the
 * device database beside a running runtime (WAL, busy timeout): the runtime sees the changes and sends their outbox
 * entries (it watches the database for writes of other processes). A refused change exits non-zero with the reason
 * on stderr and changes nothing.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXPORT_FORMATS, renderExport } from '../../sync/export/index.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { CrmError } from '../crm/errors.js';
import { contactCsvColumns, contactCsvLines, csvLine } from '../crm/csv-lines.js';
import { exportContactPages, exportContacts, exportFieldIdsOldestFirst } from '../crm/export.js';
import { criteriaWarnings, crmServiceFor } from '../crm/for-config.js';
import { configWithSavedStaffSettings } from '../intake/staff-settings.js';
import type { CrmService } from '../crm/service.js';
import type { Actor, ContactDetail, ContactSummary } from '../crm/types.js';
import { systemClock } from '../handoff/clock.js';
import { handoffLines } from '../handoff/report.js';
import { HandoffService } from '../handoff/service.js';
import { openDatabase, type Db } from '../store/database.js';
import { UsageError } from '../../base/errors.js';
import { addCommonOptions, resolveConfig, resolveDataDir, type CommonOptions } from './common.js';

export interface ContactsCliIO {
  out(line: string): void;
  err(line: string): void;
  exit(code: number): void;
}

const defaultIO: ContactsCliIO = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  exit: (c) => {
    process.exitCode = c;
  },
};

type ByOption = CommonOptions & { by?: string };

export function registerContacts(program: Command, options: { io?: ContactsCliIO } = {}): void {
  const io = options.io ?? defaultIO;
  const contacts = program.command('contacts').description('the CRM: list, show, move stage, note, outcome, merge, erase contacts');

  /** Opens the CRM on the data directory, runs `fn`, closes it; CRM refusals exit 1 with the reason on stderr. */
  const withCrm = async (opts: CommonOptions, fn: (crm: CrmService, handoff: HandoffService) => void | Promise<void>): Promise<void> => {
    const dataDir = resolveDataDir(opts);
    // The form staff saved over the file's, as the runtime runs it: the same fields and criteria on both sides.
    const { config, problem } = configWithSavedStaffSettings(resolveConfig(opts, dataDir).config, dataDir);
    if (problem) io.err(`frontdesk: warning: ${problem}`);
    let db: Db | null = null;
    try {
      db = openDatabase(join(dataDir, 'frontdesk.sqlite'));
      const crm = crmServiceFor(db, new SqliteOutbox(db), () => config);
      for (const warning of criteriaWarnings(crm.settings(), config)) io.err(`frontdesk: warning: ${warning}`);
      const handoff = new HandoffService({ crm, db, config: () => config, clock: systemClock });
      crm.nameMembersWith((id) => handoff.memberName(id));
      await fn(crm, handoff);
      io.exit(0);
    } catch (err) {
      if (!(err instanceof CrmError)) throw err;
      io.err(`frontdesk: ${err.message}`);
      io.exit(1);
    } finally {
      db?.close();
    }
  };
  const actor = (by: string | undefined): Actor => ({ kind: 'staff', id: null, name: (by?.trim() || safeUser() || 'command line').slice(0, 120) });
  const idOf = (crm: CrmService, id: string) => resolveId(crm, id);

  addCommonOptions(contacts.command('list').description('newest first; search by name, phone, email or tag'))
    .option('--json', 'print the page as JSON')
    .option('--search <q>', 'name, phone, email or tag, or part of one')
    .option('--stage <stage>', 'stage id or name')
    .option('--tag <tag>', 'tag id or name')
    .option('--source <source>', "source channel ('kiosk-voice') or campaign tag id")
    .option('--from <day>', 'created on or after YYYY-MM-DD')
    .option('--to <day>', 'created on or before YYYY-MM-DD')
    .option('--field <id=value>', "an answer, e.g. reason=haircut (a choice's value or label, yes or no, a number)")
    .option('--limit <n>', 'at most this many (max 200)', '50')
    .option('--offset <n>', 'skip this many', '0')
    .action((opts: CommonOptions & Record<string, string | boolean | undefined>) =>
      withCrm(opts, (crm) => {
        const str = (k: string) => (typeof opts[k] === 'string' ? (opts[k] as string) : undefined);
        const page = crm.list({
          ...(str('search') ? { search: str('search')! } : {}),
          ...(str('stage') ? { stage: str('stage')! } : {}),
          ...(str('tag') ? { tag: str('tag')! } : {}),
          ...(str('source') ? { source: str('source')! } : {}),
          ...(str('from') ? { from: day(str('from')!, '--from') } : {}),
          ...(str('to') ? { to: day(str('to')!, '--to') } : {}),
          ...(str('field') ? { field: fieldOption(str('field')!) } : {}),
          limit: count(str('limit')!, '--limit'),
          offset: count(str('offset')!, '--offset'),
        });
        if (opts.json) return io.out(JSON.stringify(page, null, 2));
        for (const c of page.items) io.out(row(c));
        io.out(`${page.items.length ? `${page.offset + 1}-${page.offset + page.items.length}` : 'none'} of ${page.total}${page.totalCapped ? '+' : ''}`);
      }),
    );

  addCommonOptions(contacts.command('show <id>').description('fields, tags, stage, profile, timeline'))
    .option('--json', 'print the contact as JSON')
    .action((id: string, opts: CommonOptions & { json?: boolean }) =>
      withCrm(opts, (crm, handoff) => {
        const c = crm.get(idOf(crm, id))!;
        const report = handoff.contactReport(c.id);
        if (opts.json) io.out(JSON.stringify({ ...c, handoff: report }, null, 2));
        else for (const l of [...detail(c), ...handoffLines(report, new Date(), (m) => handoff.memberName(m) ?? m)]) io.out(l);
      }),
    );

  addCommonOptions(contacts.command('stage <id> <stage>').description('move to a stage (id or name); a note is required'))
    .requiredOption('--note <text>', 'why the contact moves')
    .option('--by <name>', 'who moves it (default: your user name)')
    .action((id: string, stage: string, opts: ByOption & { note: string }) =>
      withCrm(opts, (crm) => {
        const c = crm.moveStage(idOf(crm, id), stage, opts.note, actor(opts.by));
        io.out(`${c.name || c.id}: ${c.stage.name} — ${c.stage.definition}`);
      }),
    );

  addCommonOptions(contacts.command('note <id> <text>').description("add a note to the contact's story"))
    .option('--by <name>', 'who writes it')
    .action((id: string, text: string, opts: ByOption) =>
      withCrm(opts, (crm) => {
        const c = crm.addNote(idOf(crm, id), text, actor(opts.by));
        io.out(`${c.name || c.id}: note added`);
      }),
    );

  addCommonOptions(contacts.command('outcome <id> <result>').description('won or lost (with a reason); moves to Customer or Lost'))
    .option('--reason <reason>', 'reason id or name (required for lost)')
    .option('--note <text>', 'what happened')
    .option('--objection <text>', 'the objection heard')
    .option('--well-qualified <yes|no>', 'was the lead well qualified')
    .option('--by <name>', 'who records it')
    .action((id: string, result: string, opts: ByOption & { reason?: string; note?: string; objection?: string; wellQualified?: string }) =>
      withCrm(opts, (crm) => {
        if (result !== 'won' && result !== 'lost') throw new UsageError(`the outcome is "won" or "lost", not "${result}"`);
        const wq = opts.wellQualified;
        if (wq !== undefined && wq !== 'yes' && wq !== 'no') throw new UsageError('--well-qualified takes yes or no');
        const c = crm.recordOutcome(
          idOf(crm, id),
          {
            result,
            reason: opts.reason ?? null,
            note: opts.note ?? null,
            objection: opts.objection ?? null,
            wellQualified: wq === undefined ? null : wq === 'yes',
          },
          actor(opts.by),
        );
        io.out(`${c.name || c.id}: ${result}${c.outcomeDetail?.reason ? ` (${c.outcomeDetail.reason.name})` : ''}, now ${c.stage.name}`);
      }),
    );

  addCommonOptions(contacts.command('merge <id> <other-id>').description('absorb OTHER-ID into ID; both stories are kept under ID'))
    .option('--by <name>', 'who merges')
    .action((id: string, other: string, opts: ByOption) =>
      withCrm(opts, (crm) => {
        const c = crm.merge(idOf(crm, id), idOf(crm, other), actor(opts.by));
        io.out(`${c.name || c.id}: merged (${c.visits} visits)`);
      }),
    );

  addCommonOptions(contacts.command('erase <id>').description('erase for good from this device; a tombstone tells the cloud'))
    .option('--by <name>', 'who erases')
    .action((id: string, opts: ByOption) =>
      withCrm(opts, (crm) => {
        const full = idOf(crm, id);
        crm.erase(full, actor(opts.by));
        io.out(`${full}: erased`);
      }),
    );

  addCommonOptions(contacts.command('export').description('every contact with custom fields, tags, stage, source and outcome'))
    .requiredOption('--format <format>', 'csv, hubspot or salesforce')
    .option('--out <file>', 'write to this file (default: standard output); .json writes HubSpot/Salesforce records as JSON')
    .option('--company <name>', 'Salesforce: the Company of leads that have none')
    .action((opts: CommonOptions & { format: string; out?: string; company?: string }) =>
      withCrm(opts, (crm) => {
        const format = EXPORT_FORMATS.find((f) => f === opts.format);
        if (!format) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
        if (format === 'csv') {
          // Written a page at a time as it is read: the whole CSV is never in memory.
          const fd = opts.out ? openSync(opts.out, 'w', 0o600) : null;
          let count = 0;
          try {
            const write = (text: string) => (fd === null ? io.out(text.replace(/\n$/, '')) : writeSync(fd, text));
            const columns = contactCsvColumns(exportFieldIdsOldestFirst(crm));
            write(csvLine(columns));
            for (const page of exportContactPages(crm)) {
              write(contactCsvLines(columns, page));
              count += page.length;
            }
          } finally {
            if (fd !== null) closeSync(fd);
          }
          if (opts.out) io.err(`wrote ${count} ${format} records to ${opts.out}`);
          return;
        }
        const rows = exportContacts(crm);
        const text = renderExport(rows, { format, as: opts.out?.endsWith('.json') ? 'json' : 'csv', ...(opts.company ? { company: opts.company } : {}) });
        if (!opts.out) return io.out(text.replace(/\n$/, ''));
        writeFileSync(opts.out, text, { mode: 0o600 });
        io.err(`wrote ${rows.length} ${format} records to ${opts.out}`);
      }),
    );
}

/** A full id, or a unique prefix of one (8 characters or more), as staff copy them from the list. */
function resolveId(crm: CrmService, id: string): string {
  const exact = crm.store.row(id);
  if (exact) return id;
  if (id.length >= 8 && /^[0-9a-f-]+$/i.test(id)) {
    const hits = crm.store.db.prepare(`SELECT id FROM contacts WHERE id >= ? AND id < ? LIMIT 2`).all(id, `${id}\uffff`) as { id: string }[];
    if (hits.length === 1) return hits[0]!.id;
    if (hits.length > 1) throw new CrmError('contact_not_found', `More than one contact starts with ${id}: give more of the id.`);
  }
  throw new CrmError('contact_not_found', `There is no contact ${id.slice(0, 64)}. List them with: frontdesk contacts list --search NAME`);
}

function row(c: ContactSummary): string {
  const tags = c.tags.map((t) => t.name).join(', ');
  return [
    c.id.slice(0, 8),
    c.createdAt.slice(0, 16).replace('T', ' '),
    pad(c.name, 24),
    pad(c.phone ?? '', 14),
    pad(c.email ?? '', 28),
    pad(c.stage.name, 20),
    tags,
  ]
    .join('  ')
    .trimEnd();
}

function detail(c: ContactDetail): string[] {
  const lines = [`${c.name || '(no name)'}  ${c.id}`, `Stage: ${c.stage.name} since ${c.stageSince} — ${c.stage.definition}`];
  lines.push(`Tags: ${c.tags.map((t) => `${t.name} (${t.category})`).join(', ') || '(none)'}`);
  lines.push(
    `Source: ${c.source.channel}${c.source.campaign ? `, campaign ${c.source.campaign}` : ''}${c.source.deviceId ? `, device ${c.source.deviceId}` : ''}`,
  );
  lines.push('', 'Fields:');
  for (const [k, v] of Object.entries(c.fields))
    lines.push(
      `  ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}${c.unconfirmed.includes(k) ? '  (not confirmed: heard by voice, never read back to the visitor)' : ''}`,
    );
  lines.push('', 'Profile:', ...c.profile.split('\n').map((l) => `  ${l}`), '', 'Timeline (newest first):');
  for (const t of c.timeline) {
    const note =
      t.activity.type === 'note'
        ? `: ${t.activity.data.text}`
        : t.activity.type === 'stage-changed'
          ? `: ${t.activity.data.note}`
          : t.activity.type === 'outcome' && t.activity.data.note
            ? `: ${t.activity.data.note}`
            : '';
    lines.push(`  ${t.activity.at.slice(0, 16).replace('T', ' ')}  ${t.summary}${note}  — ${t.activity.by.name}`);
  }
  return lines;
}

function pad(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

function count(v: string, flag: string): number {
  if (!/^\d{1,6}$/.test(v)) throw new UsageError(`${flag} takes a whole number, got "${v}"`);
  return Number(v);
}

/** `--field ID=VALUE`: the form's field id and the answer; the CRM checks both (crm/field-filter.ts). */
function fieldOption(v: string): { id: string; value: string } {
  const at = v.indexOf('=');
  if (at <= 0) throw new UsageError(`--field takes ID=VALUE, e.g. reason=haircut, got "${v.slice(0, 80)}"`);
  return { id: v.slice(0, at).trim(), value: v.slice(at + 1) };
}

function day(v: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`${flag} takes a day as YYYY-MM-DD, got "${v}"`);
  return v;
}

function safeUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}
