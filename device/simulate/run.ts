/**
 * Runs one visit through the real runtime (store, body, sync, dialog) with a virtual visitor instead of a person.
 */
import type { Listener, Voice } from '../../models/speech.js';
import { TextVoice } from '../../models/text/voice.js';
import type { ActivitySource, StageRef, TagRef, TimelineItem } from '../crm/types.js';
import type { ContactView, TranscriptLine } from '../http/contract.js';
import type { Runtime } from '../runtime.js';
import { VoiceDialog, type ContactLookup, type DialogTurn } from '../visit/dialog.js';
import { leadMatches, PersonaVisitor } from './persona.js';
import { VisitError } from '../visit/visits.js';
import { contactLookup } from '../visit/lookup.js';
import { TextVisitorListener, VirtualVisitor } from './visitor.js';
import { hasSpeech, type VisitFile } from './visit-file.js';

/** What the recognizer did for one turn (text mode: engine 'text', no search). */
export interface SttReport {
  engine: string;
  search?: string;
  /** Epoch ms the visitor's speech started and ended, as the endpointer dated them. */
  speechStartAt: number;
  speechEndAt: number;
  /** Recognizer time after the end of speech, ms. */
  decodeMs?: number;
  confidence?: number;
  /** The recognizer's other hearing (its live pass), where it made two. */
  firstPass?: string;
}

/** What the virtual visitor said for one turn (audio mode). */
export interface VisitorReport {
  say?: string;
  audio?: string;
  /** Epoch ms the utterance entered and left the microphone stream. */
  startedAt: number;
  endedAt: number;
  durationMs: number;
}

export interface SimulatedTurn extends Omit<DialogTurn, 'robot' | 'heard'> {
  robot: string;
  /** What the STT heard (text mode: the words as written), or null for silence. */
  heard: string | null;
  stt: SttReport | null;
  visitor?: VisitorReport | null;
}

/** A wake word detection while the visitor spoke (audio mode). */
export interface WakeReport {
  phrase: string;
  score: number;
  engine: string;
  /** Stream time of the detection, ms, and its epoch time. */
  atMs: number;
  at: number;
  /** Detected before the visit began (the one that opened it) or during the visit (a false wake). */
  during: 'before-visit' | 'visit';
}

/** The stored contact as the staff screens see it: the lead's fields plus its CRM story. */
export type SimulatedContact = Omit<ContactView, 'score' | 'owner'> &
  /** What the handoff did: the score with its reasons, the owner, the tasks and notifications. */
  ReturnType<Runtime['handoff']['contactReport']> & {
    /** Every stored transcript line of the contact (all its visits), oldest first. */
    transcript: TranscriptLine[];
    /** The stage with its name and definition, the tags with names and categories, the source with its campaign. */
    stageDetail: StageRef;
    tagDetails: TagRef[];
    sourceDetail: ActivitySource;
    /** The ten-second read a rep gets. */
    profile: string;
    /** The contact's story, newest first (a returning visitor's earlier visits included). */
    timeline: TimelineItem[];
    visits: number;
    /** This visit joined a contact that already existed (found by phone or email). */
    returning: boolean;
    /** Fields whose value was heard by voice and never confirmed by the visitor (a walk-away before the read-back). */
    unconfirmed: string[];
  };

export interface SimulationResult {
  /** 'not-woken': the visitor said the wake word and the wake engine did not fire, so no visit began. */
  outcome: 'stored' | 'declined' | 'incomplete' | 'cancelled' | 'handoff' | 'invalid' | 'not-woken';
  contact: SimulatedContact | null;
  transcript: TranscriptLine[];
  fieldErrors: Record<string, string>;
  turns: SimulatedTurn[];
  /** Wake word detections (audio mode with a wake utterance; empty otherwise). */
  wake: WakeReport[];
  metrics: {
    durationMs: number;
    turns: number;
    silentTurns: number;
    responseLatencyMs: number[];
    fieldsByVoice: string[];
    fieldsByTouch: string[];
    gesturesPlayed: number;
  };
  sync: { state: 'pending' | 'delivered' | 'rejected' | 'none'; deliveredAt: string | null; reason?: string };
  /**
   * The visitor asked for a person: who was told and what they read (before consent: no name), who is coming, and
   * the contact it joined (null: the visit left no contact, so the request was never written down).
   */
  personRequests?: { id: string; message: string; recipients: string[]; rule: string | null; coming: string | null; contactId: string | null }[];
  /** With a persona: how many times it spoke, whether it gave up, and whether the stored lead holds its details. */
  persona?: { turns: number; gaveUp: boolean; leadMatches: boolean; wrong: string[] };
}

export async function simulateVisit(
  runtime: Runtime,
  script: VisitFile,
  /**
   * `lookup`: how the robot knows returning visitors. Default: the runtime's CRM in text mode; none with `speech`
   * (audio) unless given, so scripted audio runs that replay one visitor stay independent visits.
   * `personaListener`: how a persona is heard (audio mode: its words spoken into the robot's microphone).
   */
  opts: {
    waitSyncMs: number;
    speech?: { voice: Voice; listener: Listener; personaListener?: (persona: PersonaVisitor) => Listener };
    lookup?: ContactLookup | false;
  },
): Promise<SimulationResult> {
  const started = Date.now();
  const gesturesBefore = runtime.body.state().gesturesPlayed;
  const visit = runtime.visits.open('simulate');
  let fieldErrors: Record<string, string> = {};
  let outcome: SimulationResult['outcome'];
  let turns: DialogTurn[] = [];
  let persona: PersonaVisitor | undefined;

  if (Object.keys(script.touch).length) runtime.visits.applyTouch(visit.id, script.touch);

  if (hasSpeech(script)) {
    const visitor = new VirtualVisitor(script);
    persona = script.persona
      ? new PersonaVisitor(script.persona, { fields: runtime.config.intake.fields, timezone: runtime.config.device.timezone })
      : undefined;
    const speech = persona
      ? { voice: persona.ears(opts.speech?.voice ?? new TextVoice()), listener: opts.speech?.personaListener?.(persona) ?? persona }
      : (opts.speech ?? { voice: new TextVoice(), listener: new TextVisitorListener(visitor) });
    const lookup = opts.lookup === false ? undefined : (opts.lookup ?? (opts.speech ? undefined : contactLookup(runtime.crm)));
    const result = await new VoiceDialog(
      {
        config: runtime.config,
        visits: runtime.visits,
        voice: speech.voice,
        listener: speech.listener,
        body: runtime.body,
        // The runtime's clock (a test's, when it passes one): "today" for dates and for "are you open today?".
        now: () => runtime.handoff.now(),
        ...(lookup ? { lookup } : {}),
      },
      visit,
    ).run();
    outcome = result.outcome;
    turns = result.turns;
    fieldErrors = visit.fieldErrors;
  } else {
    // Touch only: the visitor presses submit, exactly as the kiosk form does.
    try {
      runtime.visits.submit(visit.id, undefined, 'touch');
      outcome = 'stored';
    } catch (err) {
      if (!(err instanceof VisitError) || err.code !== 'invalid') throw err;
      outcome = 'invalid';
      fieldErrors = err.fieldErrors ?? {};
    }
  }
  if (visit.open) runtime.visits.close(visit, 'abandoned');

  // The handoff rules run just after the visit is stored; their stage and owner are part of the contact.
  await runtime.handoff.settled();
  let contact = visit.contactId ? runtime.contacts.get(visit.contactId) : null;
  if (contact && opts.waitSyncMs > 0) {
    const deadline = Date.now() + opts.waitSyncMs;
    while (contact.sync.state !== 'delivered' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      contact = runtime.contacts.get(contact.id)!;
    }
  }
  const filled = Object.entries(visit.filledBy);
  const requests = runtime.handoff.personRequests(visit.id).map((r) => ({
    id: r.id,
    message: r.message,
    recipients: r.recipients,
    rule: r.rule,
    coming: r.coming?.name ?? null,
    contactId: r.contactId,
  }));
  return {
    outcome,
    contact: contact ? simulatedContact(runtime, contact, visit.id) : null,
    transcript: visit.transcript,
    fieldErrors,
    turns: turns.map((t) => ({ ...t, robot: t.robot.text, heard: t.heard?.text ?? null, stt: sttReport(t) })),
    wake: [],
    metrics: {
      durationMs: Date.now() - started,
      turns: turns.length,
      silentTurns: turns.filter((t) => !t.heard).length,
      responseLatencyMs: turns.flatMap((t) => (t.responseLatencyMs === undefined ? [] : [t.responseLatencyMs])),
      fieldsByVoice: filled.filter(([, c]) => c === 'voice').map(([f]) => f),
      fieldsByTouch: filled.filter(([, c]) => c === 'touch').map(([f]) => f),
      gesturesPlayed: runtime.body.state().gesturesPlayed - gesturesBefore,
    },
    sync: contact ? contact.sync : { state: 'none', deliveredAt: null },
    ...(requests.length ? { personRequests: requests } : {}),
    ...(persona && script.persona
      ? (() => {
          const m = leadMatches(script.persona, contact, runtime.config.intake.fields);
          return { persona: { turns: persona.turns, gaveUp: persona.gaveUp, leadMatches: m.matches, wrong: m.wrong } };
        })()
      : {}),
  };
}

function simulatedContact(runtime: Runtime, contact: ContactView, visitId: string): SimulatedContact {
  const detail = runtime.crm.get(contact.id)!;
  const thisVisit = detail.timeline.find((t) => t.activity.type === 'visit' && t.activity.data.visitId === visitId)?.activity;
  return {
    ...contact,
    transcript: runtime.contacts.transcriptOf(contact.id),
    stageDetail: detail.stage,
    tagDetails: detail.tags,
    sourceDetail: detail.source,
    profile: detail.profile,
    timeline: detail.timeline,
    visits: detail.visits,
    returning: thisVisit?.type === 'visit' ? thisVisit.data.returning : false,
    unconfirmed: detail.unconfirmed,
    ...runtime.handoff.contactReport(contact.id),
  };
}

function sttReport(t: DialogTurn): SttReport | null {
  const h = t.heard;
  if (!h) return null;
  return {
    engine: h.engine,
    ...(h.search !== undefined ? { search: h.search } : {}),
    speechStartAt: h.speechStartAt,
    speechEndAt: h.speechEndAt,
    ...(h.decodeMs !== undefined ? { decodeMs: Math.round(h.decodeMs) } : {}),
    ...(h.confidence !== undefined ? { confidence: h.confidence } : {}),
    ...(h.firstPass !== undefined ? { firstPass: h.firstPass } : {}),
  };
}
