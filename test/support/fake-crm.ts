/**
 * FakeCrm: a TEST DOUBLE of the `Crm` interface (device/crm/types.ts), in memory, for the staff routes' tests and the
 * staff screens' browser tests against the fake server. It keeps the rules the screens show (note required, entry
 * criteria naming what is missing, outcome reasons from the list, settings validated), the timeline newest first, and
 * a dashboard computed from the stories. It is not the CRM: the real one is device/crm (SQLite).
 */
import { randomUUID } from 'node:crypto';
import { CrmError } from '../../device/crm/errors.js';
import { toExportContact } from '../../device/http/routes/crm-csv.js';
import { customFields, type ExportContact } from '../../sync/export/contact.js';
import type {
  Activity,
  Actor,
  ContactDetail,
  ContactSummary,
  CountBy,
  Crm,
  CrmErrorCode,
  CrmFieldValue,
  CrmSettings,
  Dashboard,
  DashboardQuery,
  LeadPage,
  LeadQuery,
  OutcomeInput,
  StageDef,
  TimelineItem,
} from '../../device/crm/types.js';

/** The real CRM's refusal, so the routes treat the fake's refusals as they treat the CRM's. */
class FakeCrmError extends CrmError {
  constructor(code: CrmErrorCode, message: string, missing?: string[], issues?: { path: string; message: string }[]) {
    super(code, message, { ...(missing ? { missing } : {}), ...(issues ? { issues } : {}) });
  }
}

export function fakeCrmSettings(): CrmSettings {
  const stage = (id: string, name: string, definition: string, fields: string[] = [], tags: string[] = []): StageDef => ({
    id,
    name,
    definition,
    criteria: { fields, tags },
  });
  return {
    stages: [
      stage('new-inquiry', 'New inquiry', 'Came to the front desk and left their details; nobody has talked to them yet.'),
      stage('marketing-qualified', 'Marketing qualified', 'Said what they are interested in; worth a follow-up.', [], ['category:service']),
      stage(
        'sales-qualified',
        'Sales qualified',
        'A rep can call them: we have a phone number and know the service they want.',
        ['phone'],
        ['category:service'],
      ),
      stage('opportunity', 'Opportunity', 'A booking or quote is being discussed.', ['phone'], ['category:service']),
      stage('customer', 'Customer', 'Booked and paid.'),
      stage('lost', 'Lost', 'Decided not to go ahead, or could not be reached.'),
    ],
    taxonomy: [
      {
        id: 'service',
        name: 'Service interest',
        tags: [
          { id: 'hair-coloring', name: 'Hair coloring', synonyms: ['color service', 'highlights', 'dye'] },
          { id: 'haircut', name: 'Haircut', synonyms: ['trim'] },
          { id: 'manicure', name: 'Manicure', synonyms: ['nails'] },
        ],
      },
      {
        id: 'campaign',
        name: 'Campaign',
        tags: [
          { id: 'instagram', name: 'Instagram', synonyms: ['insta'] },
          { id: 'flyer', name: 'Flyer', synonyms: ['leaflet'] },
        ],
      },
    ],
    outcomeReasons: [
      { id: 'price', name: 'Price' },
      { id: 'timing', name: 'Timing' },
      { id: 'went-elsewhere', name: 'Went elsewhere' },
      { id: 'not-a-fit', name: 'Not a fit' },
      { id: 'no-response', name: 'No response' },
    ],
    retention: { noConsentDays: null },
  };
}

interface Record_ {
  summary: Omit<ContactSummary, 'stage' | 'tags'>;
  stage: string;
  tags: string[];
  fields: Record<string, CrmFieldValue>;
  activities: Activity[];
}

export interface FakeLead {
  name: string;
  phone?: string | null;
  email?: string | null;
  tags?: string[];
  campaign?: string | null;
  createdAt?: string;
  transcript?: string[];
}

const ORIGIN = { kind: 'device' as const, id: 'fake-kiosk' };
const ROBOT: Actor = { kind: 'robot', id: null, name: 'Frontdesk' };

export class FakeCrm implements Crm {
  private current = fakeCrmSettings();
  private readonly contacts = new Map<string, Record_>();
  private clock = Date.parse('2026-03-02T09:00:00Z');

  /** A visit that creates a contact, as the kiosk would. Tags are given by id; unknown ones are ignored. */
  addLead(lead: FakeLead): string {
    const id = randomUUID();
    const at = lead.createdAt ?? this.tick();
    const source = { channel: 'kiosk-touch', deviceId: 'fake-kiosk', site: null, campaign: lead.campaign ?? null };
    const fields: Record<string, CrmFieldValue> = { name: lead.name, phone: lead.phone ?? null, email: lead.email ?? null };
    const rec: Record_ = {
      summary: {
        id,
        name: lead.name,
        phone: lead.phone ?? null,
        email: lead.email ?? null,
        source,
        owner: null,
        score: null,
        createdAt: at,
        lastVisitAt: at,
        visits: 1,
        outcome: null,
        sync: { state: 'pending', deliveredAt: null },
      },
      stage: 'new-inquiry',
      tags: [],
      fields,
      activities: [],
    };
    this.contacts.set(id, rec);
    const transcript = (lead.transcript ?? []).map((text, i) => ({
      who: i % 2 ? ('visitor' as const) : ('robot' as const),
      text,
      channel: 'voice',
      fieldId: null,
      at,
    }));
    this.push(
      rec,
      ROBOT,
      'visit',
      {
        visitId: randomUUID(),
        channel: transcript.length ? 'voice' : 'touch',
        source,
        answers: fields,
        transcript,
        consent: null,
        returning: false,
        partial: false,
      },
      at,
    );
    for (const t of lead.tags ?? []) if (this.tag(t)) this.addTag(id, t, ROBOT);
    return id;
  }

  settings(): CrmSettings {
    return structuredClone(this.current);
  }

  updateSettings(patch: Partial<CrmSettings>, _by: Actor): CrmSettings {
    const next = { ...this.current, ...structuredClone(patch) };
    const issues: { path: string; message: string }[] = [];
    const dup = (ids: string[], path: string, what: string) =>
      ids.forEach((id, i) => ids.indexOf(id) !== i && issues.push({ path: `${path}.${i}.id`, message: `${what} "${id}" is listed twice` }));
    dup(
      next.stages.map((s) => s.id),
      'stages',
      'Stage',
    );
    next.stages.forEach((s, i) => s.name.trim() || issues.push({ path: `stages.${i}.name`, message: 'A stage needs a name' }));
    const tagHome = new Map<string, string>();
    next.taxonomy.forEach((c, ci) =>
      c.tags.forEach((t, ti) => {
        const other = tagHome.get(t.id);
        if (other) issues.push({ path: `taxonomy.${ci}.tags.${ti}.id`, message: `Tag "${t.name}" is already in the category ${other}` });
        tagHome.set(t.id, c.name);
      }),
    );
    dup(
      next.outcomeReasons.map((r) => r.id),
      'outcomeReasons',
      'Reason',
    );
    if (issues.length) throw new FakeCrmError('settings_invalid', 'Some settings need fixing before they can be saved.', undefined, issues);
    this.current = next;
    return this.settings();
  }

  list(query: LeadQuery): LeadPage {
    const q = query.search?.toLowerCase();
    const digits = q?.replace(/\D/g, '');
    const stage = query.stage ? (this.stage(query.stage)?.id ?? '\0') : null;
    const tag = query.tag ? (this.tag(query.tag)?.id ?? '\0') : null;
    const all = [...this.contacts.values()]
      .filter((c) => {
        if (stage && c.stage !== stage) return false;
        if (tag && !c.tags.includes(tag)) return false;
        if (query.source && c.summary.source.channel !== query.source && c.summary.source.campaign !== query.source) return false;
        if (query.campaign && c.summary.source.campaign !== query.campaign) return false;
        if (query.from && c.summary.createdAt.slice(0, 10) < query.from) return false;
        if (query.to && c.summary.createdAt.slice(0, 10) > query.to) return false;
        if (!q) return true;
        const tagNames = c.tags.map((t) => this.tag(t)?.name.toLowerCase() ?? t);
        return (
          c.summary.name.toLowerCase().includes(q) ||
          (c.summary.email ?? '').toLowerCase().includes(q) ||
          (!!digits && digits.length >= 3 && (c.summary.phone ?? '').includes(digits)) ||
          tagNames.some((n) => n.includes(q))
        );
      })
      .sort((a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt));
    const limit = Math.min(query.limit ?? 50, 200);
    const offset = query.offset ?? 0;
    return { items: all.slice(offset, offset + limit).map((c) => this.summaryOf(c)), total: all.length, offset, limit };
  }

  get(id: string): ContactDetail | null {
    const c = this.contacts.get(id);
    return c ? this.detailOf(c) : null;
  }

  exportPage(after: { createdAt: string; id: string } | null, limit: number): ExportContact[] {
    const key = (x: { createdAt: string; id: string }) => `${x.createdAt}\u0000${x.id}`;
    return [...this.contacts.values()]
      .map((c) => this.detailOf(c))
      .sort((a, b) => (key(b) < key(a) ? -1 : key(b) > key(a) ? 1 : 0))
      .filter((c) => !after || key(c) < key(after))
      .slice(0, limit)
      .map(toExportContact);
  }

  exportFieldIds(): string[] {
    const ids = new Set<string>();
    for (const c of this.exportPage(null, this.contacts.size)) for (const [id] of customFields(c)) ids.add(id);
    return [...ids];
  }

  moveStage(id: string, stageId: string, note: string, by: Actor): ContactDetail {
    const c = this.need(id);
    const stage = this.stage(stageId);
    if (!stage) throw new FakeCrmError('unknown_stage', `There is no stage "${stageId}".`);
    if (!note.trim()) throw new FakeCrmError('note_required', 'Write a note saying why the stage changes; a stage change needs one.');
    const missing = this.missingFor(c, stage);
    if (missing.length) throw new FakeCrmError('criteria_unmet', `${stage.name} needs ${missing.join(' and ')}.`, missing);
    this.push(c, by, 'stage-changed', { from: c.stage, to: stage.id, note });
    c.stage = stage.id;
    return this.detailOf(c);
  }

  addNote(id: string, text: string, by: Actor): ContactDetail {
    const c = this.need(id);
    this.push(c, by, 'note', { text });
    return this.detailOf(c);
  }

  editField(id: string, field: string, value: CrmFieldValue, by: Actor): ContactDetail {
    const c = this.need(id);
    if (!['name', 'phone', 'email', 'reason'].includes(field)) throw new FakeCrmError('unknown_field', `There is no field "${field}".`);
    this.push(c, by, 'field-changed', { field, from: c.fields[field] ?? null, to: value });
    c.fields[field] = value;
    if (field === 'name' && typeof value === 'string') c.summary.name = value;
    if (field === 'phone') c.summary.phone = typeof value === 'string' ? value : null;
    if (field === 'email') c.summary.email = typeof value === 'string' ? value : null;
    return this.detailOf(c);
  }

  addTag(id: string, tagId: string, by: Actor): ContactDetail {
    const c = this.need(id);
    const tag = this.tag(tagId);
    if (!tag) throw new FakeCrmError('unknown_tag', `There is no tag "${tagId}". Add it on the Settings screen first.`);
    if (!c.tags.includes(tag.id)) {
      c.tags.push(tag.id);
      this.push(c, by, 'tag-added', { tag: tag.id, category: tag.category, matched: null });
    }
    return this.detailOf(c);
  }

  removeTag(id: string, tagId: string, by: Actor): ContactDetail {
    const c = this.need(id);
    const tag = this.tag(tagId);
    if (!tag) throw new FakeCrmError('unknown_tag', `There is no tag "${tagId}".`);
    if (c.tags.includes(tag.id)) {
      c.tags = c.tags.filter((t) => t !== tag.id);
      this.push(c, by, 'tag-removed', { tag: tag.id, category: tag.category });
    }
    return this.detailOf(c);
  }

  recordOutcome(id: string, o: OutcomeInput, by: Actor): ContactDetail {
    const c = this.need(id);
    const reason = o.reason ? this.current.outcomeReasons.find((r) => r.id === o.reason || r.name.toLowerCase() === o.reason!.toLowerCase()) : null;
    if (o.reason && !reason) throw new FakeCrmError('unknown_reason', `There is no reason "${o.reason}". Pick one from the list.`);
    if (o.result === 'lost' && !reason) throw new FakeCrmError('unknown_reason', 'Pick the reason the lead was lost.');
    this.push(c, by, 'outcome', {
      result: o.result,
      reason: reason?.id ?? null,
      wellQualified: o.wellQualified ?? null,
      objection: o.objection ?? null,
      note: o.note ?? null,
    });
    const to = o.result === 'won' ? 'customer' : 'lost';
    this.push(c, by, 'stage-changed', { from: c.stage, to, note: `Outcome: ${o.result}` });
    c.stage = to;
    c.summary.outcome = o.result;
    return this.detailOf(c);
  }

  merge(id: string, otherId: string, by: Actor): ContactDetail {
    if (id === otherId) throw new FakeCrmError('same_contact', 'Pick another contact to merge with; a contact cannot be merged with itself.');
    const c = this.need(id);
    const other = this.need(otherId);
    c.activities.push(...other.activities.map((a) => ({ ...a, contactId: id }) as Activity));
    for (const t of other.tags) if (!c.tags.includes(t)) c.tags.push(t);
    for (const [k, v] of Object.entries(other.fields)) if (c.fields[k] === null || c.fields[k] === undefined) c.fields[k] = v;
    c.summary.visits += other.summary.visits;
    this.contacts.delete(otherId);
    this.push(c, by, 'merge', { from: otherId });
    return this.detailOf(c);
  }

  erase(id: string, _by: Actor): void {
    this.need(id);
    this.contacts.delete(id);
  }

  dashboard(query: DashboardQuery): Dashboard {
    // The answer filter is tested on the real CRM (test/e2e/dashboard-answer-filter.browser.test.ts); not faked here.
    if (query.field) throw new Error('The fake CRM does not filter the dashboard on an answer: test that on the real runtime.');
    const contacts = [...this.contacts.values()];
    const granularity = query.granularity ?? 'day';
    const count = (keys: string[], label: (k: string) => string): CountBy[] => {
      const m = new Map<string, number>();
      for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
      return [...m].map(([key, n]) => ({ key, label: label(key), count: n })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    };
    const reached = (c: Record_) =>
      new Set(['new-inquiry', ...c.activities.filter((a) => a.type === 'stage-changed').map((a) => (a.data as { to: string }).to)]);
    const stages = this.current.stages;
    const outcomes = contacts.flatMap((c) =>
      c.activities.filter((a) => a.type === 'outcome').map((a) => ({ c, data: a.data as { result: string; reason: string | null } })),
    );
    const reasonName = (k: string) => this.current.outcomeReasons.find((r) => r.id === k)?.name ?? k;
    const by = (key: (c: Record_) => string, label: (k: string) => string) =>
      [...new Set(contacts.map(key))].map((k) => {
        const group = contacts.filter((c) => key(c) === k);
        return {
          key: k,
          label: label(k),
          leads: group.length,
          salesQualified: group.filter((c) => reached(c).has('sales-qualified')).length,
          won: group.filter((c) => c.summary.outcome === 'won').length,
          lost: group.filter((c) => c.summary.outcome === 'lost').length,
        };
      });
    const days = contacts.map((c) => c.summary.createdAt.slice(0, 10)).sort();
    return {
      range: { from: query.from ?? days[0] ?? '2026-03-01', to: query.to ?? days[days.length - 1] ?? '2026-03-01', granularity },
      answer: null,
      volume: {
        byPeriod: count(days, (k) => k).sort((a, b) => a.key.localeCompare(b.key)),
        bySource: count(
          contacts.map((c) => c.summary.source.channel),
          (k) => (k === 'kiosk-touch' ? 'Kiosk (touch)' : k),
        ),
        byCampaign: count(
          contacts.map((c) => c.summary.source.campaign ?? 'none'),
          (k) => this.tag(k)?.name ?? 'No campaign',
        ),
      },
      funnel: stages.map((s, i) => {
        const r = contacts.filter((c) => reached(c).has(s.id)).length;
        const next = stages.slice(i + 1).map((n) => n.id);
        const moved = contacts.filter((c) => reached(c).has(s.id) && next.some((n) => reached(c).has(n))).length;
        return { stage: { id: s.id, name: s.name, definition: s.definition }, reached: r, movedOn: moved, shareMovedOn: r ? moved / r : 0 };
      }),
      timeInStage: stages.map((s) => ({ stage: { id: s.id, name: s.name, definition: s.definition }, contacts: 0, averageHours: null, medianHours: null })),
      topTags: count(
        contacts.flatMap((c) => c.tags),
        (k) => this.tag(k)?.name ?? k,
      ).map((t) => ({ id: t.key, name: t.label, category: this.tag(t.key)?.category ?? '', count: t.count })),
      outcomes: {
        won: outcomes.filter((o) => o.data.result === 'won').length,
        lost: outcomes.filter((o) => o.data.result === 'lost').length,
        lossReasons: count(
          outcomes.filter((o) => o.data.result === 'lost' && o.data.reason).map((o) => o.data.reason!),
          reasonName,
        ),
        bySource: by(
          (c) => c.summary.source.channel,
          (k) => k,
        ),
        byCampaign: by(
          (c) => c.summary.source.campaign ?? 'none',
          (k) => this.tag(k)?.name ?? 'No campaign',
        ),
      },
    };
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private need(id: string): Record_ {
    const c = this.contacts.get(id);
    if (!c) throw new FakeCrmError('contact_not_found', 'That contact does not exist.');
    return c;
  }

  private stage(ref: string): StageDef | undefined {
    return this.current.stages.find((s) => s.id === ref || s.name.toLowerCase() === ref.toLowerCase());
  }

  private tag(ref: string): { id: string; name: string; category: string } | undefined {
    for (const cat of this.current.taxonomy)
      for (const t of cat.tags) if (t.id === ref || t.name.toLowerCase() === ref.toLowerCase()) return { id: t.id, name: t.name, category: cat.id };
    return undefined;
  }

  private missingFor(c: Record_, stage: StageDef): string[] {
    const missing: string[] = [];
    for (const f of stage.criteria.fields)
      if (c.fields[f] === null || c.fields[f] === undefined || c.fields[f] === '') missing.push(f === 'phone' ? 'a phone number' : `a ${f}`);
    for (const t of stage.criteria.tags) {
      if (t.startsWith('category:')) {
        const cat = this.current.taxonomy.find((x) => x.id === t.slice(9));
        if (!c.tags.some((id) => cat?.tags.some((x) => x.id === id))) missing.push(`a ${cat?.name ?? t.slice(9)} tag`);
      } else if (!c.tags.includes(t)) missing.push(`the tag ${this.tag(t)?.name ?? t}`);
    }
    return missing;
  }

  private push(c: Record_, by: Actor, type: Activity['type'], data: unknown, at = this.tick()): void {
    c.activities.push({ id: randomUUID(), contactId: c.summary.id, at, by, origin: ORIGIN, type, data } as Activity);
  }

  private summaryOf(c: Record_): ContactSummary {
    const s = this.stage(c.stage)!;
    return {
      ...c.summary,
      stage: { id: s.id, name: s.name, definition: s.definition },
      tags: c.tags.map((t) => this.tag(t)!).filter(Boolean),
    };
  }

  private detailOf(c: Record_): ContactDetail {
    const timeline: TimelineItem[] = [...c.activities]
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .map((a) => ({ activity: a, summary: this.sentence(a) }));
    const lastNote = [...c.activities].reverse().find((a) => a.type === 'note');
    const outcome = [...c.activities].reverse().find((a) => a.type === 'outcome');
    const stageSince = [...c.activities].reverse().find((a) => a.type === 'stage-changed')?.at ?? c.summary.createdAt;
    const summary = this.summaryOf(c);
    const wants = summary.tags.map((t) => t.name).join(', ') || 'nothing said yet';
    return {
      ...summary,
      fields: { ...c.fields },
      unconfirmed: [],
      consent: null,
      profile: `${c.summary.name} wants ${wants}. Came ${c.summary.createdAt.slice(0, 10)}. Reach at ${c.summary.phone ?? c.summary.email ?? 'no contact given'}. Stage: ${summary.stage.name}.`,
      stageSince,
      outcomeDetail:
        outcome && outcome.type === 'outcome'
          ? {
              result: outcome.data.result,
              reason: outcome.data.reason
                ? { id: outcome.data.reason, name: this.current.outcomeReasons.find((r) => r.id === outcome.data.reason)?.name ?? outcome.data.reason }
                : null,
              wellQualified: outcome.data.wellQualified,
              objection: outcome.data.objection,
              note: outcome.data.note,
              at: outcome.at,
              by: outcome.by,
            }
          : null,
      lastNote: lastNote && lastNote.type === 'note' ? { text: lastNote.data.text, at: lastNote.at, by: lastNote.by } : null,
      timeline,
    };
  }

  private sentence(a: Activity): string {
    const stageName = (id: string | null) => (id ? (this.stage(id)?.name ?? id) : 'none');
    switch (a.type) {
      case 'visit':
        return `Visit by ${a.data.channel}`;
      case 'stage-changed':
        return `Stage changed from ${stageName(a.data.from)} to ${stageName(a.data.to)}`;
      case 'note':
        return 'Note';
      case 'tag-added':
        return `Tag added: ${this.tag(a.data.tag)?.name ?? a.data.tag}`;
      case 'tag-removed':
        return `Tag removed: ${this.tag(a.data.tag)?.name ?? a.data.tag}`;
      case 'field-changed':
        return `${a.data.field} changed`;
      case 'outcome':
        return `Outcome: ${a.data.result}`;
      case 'merge':
        return 'Merged with another contact';
      default:
        return a.type;
    }
  }
}
