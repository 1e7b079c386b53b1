/**
 * The panels of the diagnostics screen. Each builds its DOM once and updates text and attributes in place as live
 * events arrive, so a 10 Hz microphone level never rebuilds anything. Ids and data-* attributes are for tests:
 *   #diag-level[data-dbfs], #diag-wake li[data-wake], #diag-captions li, #diag-speech-error
 *   #diag-joints tr[data-joint] (.joint-angle, button[data-step="-10"|"+10"|"centre"]), button[data-gesture],
 *   button[data-light][data-level], #diag-sensors [data-sensor="presence"|"distance"|"estop"]
 *   #diag-sync [data-sync="connected"|"pending"|...], #diag-logs li[data-level]
 */
import type { BodyLayoutView, BodyStateView, LogLine, SpeechEvent, SpeechSnapshot, SyncStateView, WakeScoreView } from '../../device/http/contract.js';
import { h, replaceChildren } from '../lib/dom.js';

/** The level bar spans this range, dBFS (quieter shows empty). */
const LEVEL_FLOOR_DBFS = -60;
const MAX_CAPTIONS = 12;
export const MAX_LOG_LINES = 100;
const STEP_DEGREES = 10;

function panel(id: string, title: string, ...children: (Node | string)[]): HTMLElement {
  return h('section', { class: 'diag-panel', id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

function row(label: string, key: string, attr: string): { el: HTMLElement; value: HTMLElement } {
  const value = h('dd', {});
  const el = h('div', { class: 'diag-row', [attr]: key }, h('dt', {}, label), value);
  return { el, value };
}

function time(at: number | string): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// ---- speech ----

export class SpeechPanel {
  readonly el: HTMLElement;
  private readonly levelFill = h('div', { class: 'meter-fill' });
  private readonly level = h(
    'div',
    { class: 'meter', id: 'diag-level', role: 'meter', 'aria-valuemin': LEVEL_FLOOR_DBFS, 'aria-valuemax': 0, 'aria-label': 'Microphone level' },
    this.levelFill,
  );
  private readonly levelText = h('span', { class: 'meter-text' }, 'no microphone level yet');
  private readonly wake = h('ul', { class: 'diag-list', id: 'diag-wake' });
  private readonly captions = h('ol', { class: 'diag-list', id: 'diag-captions' });
  private readonly error = h('p', { class: 'diag-error', id: 'diag-speech-error', hidden: true });
  private readonly mode = h('p', { class: 'diag-note' });
  private readonly wakeViews = new Map<string, WakeScoreView>();
  private captionList: SpeechSnapshot['captions'] = [];

  constructor() {
    this.el = panel(
      'diag-speech',
      'Speech',
      this.mode,
      h('h3', {}, 'Microphone'),
      h('div', { class: 'meter-row' }, this.level, this.levelText),
      h('h3', {}, 'Wake word'),
      this.wake,
      h('h3', {}, 'Captions'),
      this.captions,
      this.error,
    );
  }

  set(s: SpeechSnapshot): void {
    this.mode.textContent =
      s.mode === 'audio' ? 'Voice is on (speech.mode audio).' : 'Voice is off (touch only; /healthz says why): captions come from text visits.';
    this.setLevel(s.level?.dbfs ?? null);
    this.wakeViews.clear();
    for (const w of s.wake) this.wakeViews.set(`${w.engine}/${w.phrase}`, w);
    this.renderWake();
    this.captionList = [...s.captions];
    this.renderCaptions();
    this.setError(s.lastError);
  }

  onEvent(e: SpeechEvent): void {
    switch (e.type) {
      case 'level':
        return this.setLevel(e.dbfs);
      case 'wake-score': {
        const key = `${e.engine}/${e.phrase}`;
        const old = this.wakeViews.get(key);
        this.wakeViews.set(key, {
          engine: e.engine,
          phrase: e.phrase,
          score: e.score,
          threshold: e.threshold,
          peak: Math.max(old?.peak ?? 0, e.score),
          detections: (old?.detections ?? 0) + (e.detected ? 1 : 0),
          lastDetectionAt: e.detected ? e.at : (old?.lastDetectionAt ?? null),
          at: e.at,
        });
        return this.renderWake();
      }
      case 'caption': {
        const last = this.captionList.at(-1);
        if (last && !last.final && last.visitId === e.visitId) this.captionList.pop();
        this.captionList.push({ text: e.text, final: e.final, at: e.at, ...(e.visitId ? { visitId: e.visitId } : {}) });
        return this.renderCaptions();
      }
      case 'error':
        return this.setError(e);
    }
  }

  private setLevel(dbfs: number | null): void {
    const pct = dbfs === null ? 0 : Math.max(0, Math.min(100, ((dbfs - LEVEL_FLOOR_DBFS) / -LEVEL_FLOOR_DBFS) * 100));
    this.levelFill.style.width = `${pct.toFixed(0)}%`;
    this.level.dataset.dbfs = dbfs === null ? '' : String(Math.round(dbfs));
    this.level.setAttribute('aria-valuenow', String(dbfs ?? LEVEL_FLOOR_DBFS));
    this.levelText.textContent = dbfs === null ? 'no microphone level yet' : `${Math.round(dbfs)} dBFS`;
  }

  private renderWake(): void {
    if (this.wakeViews.size === 0) return replaceChildren(this.wake, h('li', { class: 'diag-empty' }, 'No wake word scores yet.'));
    replaceChildren(
      this.wake,
      [...this.wakeViews.values()].map((w) =>
        h(
          'li',
          { 'data-wake': `${w.engine}/${w.phrase}` },
          h('strong', {}, `${w.phrase} `),
          h('span', { class: 'diag-soft' }, `(${w.engine})`),
          h(
            'div',
            { class: 'meter meter-small' },
            // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
            styled(h('div', { class: 'meter-fill' }), 'width', `${(w.score * 100).toFixed(0)}%`),
            w.threshold !== null ? styled(h('div', { class: 'meter-mark' }), 'left', `${(w.threshold * 100).toFixed(0)}%`) : null,
          ),
          ` score ${w.score.toFixed(2)}, peak ${w.peak.toFixed(2)}${w.threshold !== null ? `, threshold ${w.threshold.toFixed(2)}` : ''}; ${w.detections} detection${w.detections === 1 ? '' : 's'}`,
        ),
      ),
    );
  }

  private renderCaptions(): void {
    this.captionList = this.captionList.slice(-MAX_CAPTIONS);
    if (this.captionList.length === 0) return replaceChildren(this.captions, h('li', { class: 'diag-empty' }, 'Nothing heard yet.'));
    replaceChildren(
      this.captions,
      this.captionList.map((c) =>
        h('li', { class: c.final ? 'final' : 'partial', 'data-final': String(c.final) }, h('span', { class: 'diag-soft' }, `${time(c.at)} `), c.text),
      ),
    );
  }

  private setError(e: SpeechSnapshot['lastError']): void {
    this.error.hidden = !e;
    this.error.textContent = e ? `Last error (${e.stage}${e.code ? `, ${e.code}` : ''}) at ${time(e.at)}: ${e.message}` : '';
  }
}

// ---- body ----

export interface BodyActions {
  move(joint: string, degrees: number): void;
  play(gesture: string): void;
  light(name: string, level: number): void;
}

export class BodyPanel {
  readonly el: HTMLElement;
  private state: BodyStateView | null = null;
  private readonly status = h('p', { class: 'diag-note', id: 'diag-body-status' });
  private readonly joints = h('tbody', {});
  private readonly gestures = h('div', { class: 'diag-buttons', id: 'diag-gestures' });
  private readonly lights = h('div', { class: 'diag-buttons', id: 'diag-lights' });
  private readonly angleCells = new Map<string, HTMLElement>();
  private readonly sensors = {
    presence: row('Presence', 'presence', 'data-sensor'),
    distance: row('Distance', 'distance', 'data-sensor'),
    estop: row('Emergency stop', 'estop', 'data-sensor'),
  };
  readonly sensorsEl: HTMLElement;

  constructor(private readonly actions: BodyActions) {
    this.el = panel(
      'diag-body',
      'Body',
      this.status,
      h(
        'table',
        { class: 'diag-joints', id: 'diag-joints' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Joint'), h('th', {}, 'Angle'), h('th', {}, 'Limits'), h('th', {}, 'Move'))),
        this.joints,
      ),
      h('h3', {}, 'Gestures'),
      this.gestures,
      h('h3', {}, 'Lights'),
      this.lights,
    );
    this.sensorsEl = panel(
      'diag-sensors',
      'Sensors',
      h('dl', { class: 'diag-rows' }, this.sensors.presence.el, this.sensors.distance.el, this.sensors.estop.el),
    );
  }

  set(layout: BodyLayoutView, state: BodyStateView): void {
    this.angleCells.clear();
    replaceChildren(
      this.joints,
      Object.entries(layout.joints).map(([name, l]) => {
        const angle = h('td', { class: 'joint-angle' });
        this.angleCells.set(name, angle);
        const step = (label: string, key: string, target: () => number) =>
          h(
            'button',
            { type: 'button', class: 'btn btn-step', 'data-step': key, 'aria-label': `${name} ${label}`, onclick: () => this.actions.move(name, target()) },
            label,
          );
        const current = () => this.state?.joints[name] ?? l.rest;
        return h(
          'tr',
          { 'data-joint': name },
          h('th', { scope: 'row' }, name),
          angle,
          h('td', { class: 'diag-soft' }, `${l.min}–${l.max}°`),
          h(
            'td',
            {},
            h(
              'div',
              { class: 'joint-moves' },
              step(`−${STEP_DEGREES}°`, `-${STEP_DEGREES}`, () => Math.max(0, current() - STEP_DEGREES)),
              step('Centre', 'centre', () => Math.round((l.min + l.max) / 2)),
              step(`+${STEP_DEGREES}°`, `+${STEP_DEGREES}`, () => Math.min(180, current() + STEP_DEGREES)),
            ),
          ),
        );
      }),
    );
    replaceChildren(
      this.gestures,
      layout.gestures.map((g) =>
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-gesture': g, onclick: () => this.actions.play(g) }, g),
      ),
    );
    replaceChildren(
      this.lights,
      Object.keys(layout.lights).flatMap((name) => [
        h(
          'button',
          { type: 'button', class: 'btn btn-secondary btn-small', 'data-light': name, 'data-level': '1', onclick: () => this.actions.light(name, 1) },
          `${name} on`,
        ),
        h(
          'button',
          { type: 'button', class: 'btn btn-secondary btn-small', 'data-light': name, 'data-level': '0', onclick: () => this.actions.light(name, 0) },
          `${name} off`,
        ),
      ]),
    );
    this.update(state);
  }

  update(state: BodyStateView): void {
    this.state = state;
    const fw = state.firmware ? `, firmware ${state.firmware.name} ${state.firmware.version}` : '';
    this.status.textContent = `${state.driver} body, ${state.connected ? 'connected' : `not connected${state.problem ? `: ${state.problem}` : ''}`}${fw}; ${state.gesturesPlayed} gestures played${state.lastGesture ? `, last ${state.lastGesture.name}` : ''}.`;
    this.status.classList.toggle('diag-bad', !state.connected || state.estop);
    for (const [name, cell] of this.angleCells) {
      const deg = state.joints[name];
      cell.textContent = deg === undefined ? '—' : `${Math.round(deg)}°`;
      cell.dataset.degrees = deg === undefined ? '' : String(deg);
    }
    const lit = Object.entries(state.lights)
      .map(([n, v]) => `${n} ${Math.round(v * 100)}%`)
      .join(', ');
    this.lights.title = lit;
    this.sensors.presence.value.textContent = state.sensors.presence === undefined ? 'no sensor' : state.sensors.presence ? 'someone is there' : 'nobody';
    this.sensors.distance.value.textContent = state.sensors.distanceCm === undefined ? 'no reading' : `${state.sensors.distanceCm} cm`;
    this.sensors.estop.value.textContent = state.estop ? 'ENGAGED: no motion' : 'released';
    this.sensors.estop.el.classList.toggle('diag-bad', state.estop);
    for (const b of this.el.querySelectorAll<HTMLButtonElement>('[data-step], [data-gesture]')) b.disabled = state.estop || !state.connected;
  }
}

// ---- sync ----

export class SyncPanel {
  readonly el: HTMLElement;
  private readonly rows = {
    connected: row('Broker', 'connected', 'data-sync'),
    pending: row('Outbox (waiting)', 'pending', 'data-sync'),
    oldest: row('Oldest waiting', 'oldest', 'data-sync'),
    delivered: row('Delivered this run', 'delivered', 'data-sync'),
    rejected: row('Refused by the cloud', 'rejected', 'data-sync'),
    error: row('Last error', 'error', 'data-sync'),
  };

  constructor() {
    this.el = panel(
      'diag-sync',
      'Sync',
      h(
        'dl',
        { class: 'diag-rows' },
        Object.values(this.rows).map((r) => r.el),
      ),
    );
  }

  update(s: SyncStateView): void {
    this.rows.connected.value.textContent = `${s.connected ? 'connected' : 'not connected'} to ${s.broker}${s.embeddedBroker ? ' (embedded)' : ''}${s.reconnects ? `, ${s.reconnects} reconnects` : ''}`;
    this.rows.connected.el.classList.toggle('diag-bad', !s.connected);
    this.rows.pending.value.textContent = `${s.outbox.pending} record${s.outbox.pending === 1 ? '' : 's'}${s.inFlight ? ` (${s.inFlight} in flight)` : ''}`;
    this.rows.pending.value.dataset.pending = String(s.outbox.pending);
    this.rows.oldest.value.textContent = s.outbox.oldestPendingAt ? time(s.outbox.oldestPendingAt) : '—';
    this.rows.delivered.value.textContent = `${s.deliveredThisRun}${s.lastDeliveredAt ? `, last at ${time(s.lastDeliveredAt)}` : ''}`;
    const latest = s.rejected[0];
    this.rows.rejected.value.textContent = s.outbox.rejected
      ? `${s.outbox.rejected} kept on the device; latest: ${latest?.reason ?? 'no reason'} (run \`frontdesk outbox retry\` after the fix)`
      : 'none';
    this.rows.rejected.value.dataset.rejected = String(s.outbox.rejected);
    this.rows.rejected.el.classList.toggle('diag-bad', s.outbox.rejected > 0);
    this.rows.error.value.textContent = s.lastError ?? 'none';
  }
}

// ---- logs ----

export class LogPanel {
  readonly el: HTMLElement;
  private readonly list = h('ol', { class: 'diag-logs', id: 'diag-logs', reversed: true });

  constructor() {
    this.el = panel('diag-log', 'Recent logs', this.list);
  }

  /** Lines oldest first, as the runtime sends them; shown newest first. */
  set(lines: LogLine[]): void {
    replaceChildren(this.list, lines.slice(-MAX_LOG_LINES).reverse().map(logItem));
  }

  add(line: LogLine): void {
    this.list.prepend(logItem(line));
    while (this.list.children.length > MAX_LOG_LINES) this.list.lastElementChild?.remove();
  }
}

function logItem(l: LogLine): HTMLElement {
  const extra = Object.keys(l.data).length ? ` ${JSON.stringify(l.data)}` : '';
  return h(
    'li',
    { 'data-level': l.level },
    h('span', { class: 'diag-soft' }, `${time(l.time)} `),
    h('span', { class: `log-level log-${l.level}` }, l.level),
    ` ${l.msg}`,
    h('span', { class: 'diag-soft' }, extra),
  );
}

function styled<E extends HTMLElement>(el: E, property: 'width' | 'left', value: string): E {
  el.style[property] = value;
  return el;
}
