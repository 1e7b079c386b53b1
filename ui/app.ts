/**
 * The kiosk's state machine: one screen at a time (attract, form, thanks, who is coming, staff, diagnostics), hash
 * kept in step (#/, #/visit, #/thanks, #/coming, #/staff and below it, #/diagnostics), live events routed to the screen shown, and the idle timeout on
 * the screens a person uses.
 */
import type { KioskConfig, UiEvent, VisitView } from '../device/http/contract.js';
import { CaptionBar } from './caption.js';
import { IdleWarning, idleWarningMs } from './idle-warning.js';
import { OnScreenKeyboard } from './keyboard/keyboard.js';
import { api } from './lib/api.js';
import { h, replaceChildren } from './lib/dom.js';
import type { EventStream } from './lib/events.js';
import { IdleTimer } from './lib/idle.js';
import { attractScreen } from './screens/attract.js';
import { comingScreen } from './screens/coming.js';
import { diagnosticsScreen } from './screens/diagnostics.js';
import { formScreen } from './screens/form.js';
import type { AppContext, Route, Screen } from './screens/screen.js';
import { staffScreen } from './screens/staff.js';
import { isStaffHash } from './screens/staff/route.js';
import { thanksScreen } from './screens/thanks.js';

const HASH: Record<Route['screen'], string> = {
  attract: '#/',
  form: '#/visit',
  thanks: '#/thanks',
  coming: '#/coming',
  staff: '#/staff',
  diagnostics: '#/diagnostics',
};
/** A technician watching the live screens touches it rarely; still, an unattended session must end. */
const DIAGNOSTICS_IDLE_MS = 10 * 60_000;
const OPEN_STAGES: ReadonlySet<VisitView['stage']> = new Set(['greeting', 'intake', 'confirm']);

export class App implements AppContext {
  private route: Route = { screen: 'attract' };
  private screen: Screen | null = null;
  private idle: IdleTimer | null = null;
  /** Visits this kiosk has left; a late event about one must not reopen its form. */
  private readonly leftVisits = new Set<string>();
  /** The name the visitor on the form gave so far: a finished visit arrives as its stage only (no values). */
  private visitorName = '';
  private readonly main = h('main', { class: 'stage', id: 'screen' });
  private readonly captions = new CaptionBar();
  private readonly idleWarning = new IdleWarning();
  private readonly keyboard = new OnScreenKeyboard();
  private readonly status = h('div', { class: 'conn-status', role: 'status', hidden: true }, 'Reconnecting…');

  constructor(
    private kiosk: KioskConfig,
    private readonly root: HTMLElement,
    private readonly events: EventStream,
  ) {}

  /** The kiosk settings in force; a `kiosk` event (downlink config) replaces them. */
  get config(): KioskConfig {
    return this.kiosk;
  }

  start(): void {
    replaceChildren(this.root, this.main, this.captions.el, this.keyboard.el, this.idleWarning.el, this.status);
    this.events.on((event) => this.onEvent(event));
    this.events.onConnection((up) => this.onConnection(up));
    window.addEventListener('hashchange', () => this.onHash());
    this.go(isStaffHash(location.hash) ? { screen: 'staff' } : location.hash === HASH.diagnostics ? { screen: 'diagnostics' } : { screen: 'attract' });
    this.events.start();
  }

  go(route: Route): void {
    if (this.route.screen === 'form') this.leftVisits.add(this.route.visit.id);
    this.screen?.dispose?.();
    this.idle?.stop();
    this.idle = null;
    this.idleWarning.hide();
    this.keyboard.hide();
    this.route = route;
    if (route.screen === 'form') this.visitorName = shownName(route.visit) ?? '';
    this.screen = this.render(route);
    replaceChildren(this.main, this.screen.el);
    document.body.dataset.screen = route.screen;
    if (route.screen !== 'form') this.captions.clear();
    // The staff screen's own addresses (#/staff/hours, ...) are kept: it opens that screen after the PIN.
    const kept = route.screen === 'staff' && isStaffHash(location.hash);
    if (!kept && location.hash !== HASH[route.screen]) history.replaceState(null, '', HASH[route.screen]);
    if (route.screen === 'form' || route.screen === 'staff' || route.screen === 'diagnostics') {
      const timeoutMs = route.screen === 'diagnostics' ? Math.max(DIAGNOSTICS_IDLE_MS, this.config.idleTimeoutMs) : this.config.idleTimeoutMs;
      this.idle = new IdleTimer({
        timeoutMs,
        warnMs: idleWarningMs(timeoutMs),
        onIdle: () => this.go({ screen: 'attract' }),
        onWarn: () => this.idleWarning.show(),
        onResume: () => this.idleWarning.hide(),
      });
      this.idle.start();
    }
  }

  private render(route: Route): Screen {
    switch (route.screen) {
      case 'attract':
        return attractScreen(this);
      case 'form':
        return formScreen(this, route.visit);
      case 'thanks':
        return thanksScreen(this, route.name);
      case 'coming':
        return comingScreen(this, route.visitId, route.person);
      case 'staff':
        return staffScreen(this);
      case 'diagnostics':
        return diagnosticsScreen(this);
    }
  }

  /** After a reconnect, events may have been missed: fetch the open visit's state once. */
  private onConnection(up: boolean): void {
    this.status.hidden = up;
    if (!up || this.route.screen !== 'form') return;
    const id = this.route.visit.id;
    api.visit(id).then(
      (visit) => this.onEvent({ type: 'visit', visit }),
      () => undefined, // the next event will bring the state anyway
    );
  }

  private onHash(): void {
    const target = isStaffHash(location.hash) ? 'staff' : Object.entries(HASH).find(([, hash]) => hash === location.hash)?.[0];
    if (target === 'staff' && this.route.screen !== 'staff') this.go({ screen: 'staff' });
    else if (target === 'diagnostics' && this.route.screen !== 'diagnostics') this.go({ screen: 'diagnostics' });
    else if (target === 'attract' && this.route.screen !== 'attract') this.go({ screen: 'attract' });
  }

  private onEvent(event: UiEvent): void {
    if (event.type === 'kiosk') return this.onKiosk(event.config);
    if (event.type === 'visit') this.onVisit(event.visit);
    const current = this.route.screen === 'form' ? this.route.visit.id : null;
    if (event.type === 'caption' && event.visitId === current) {
      this.captions.caption(event.text, event.final);
      this.idle?.poke(); // the visitor is talking: still here
    }
    if (event.type === 'robot-says' && event.visitId === current) this.captions.robotSays(event.text);
    this.screen?.onEvent?.(event);
  }

  /**
   * New kiosk settings: the attract screen is redrawn with them now; a visitor on the form keeps the form they
   * started with, and every later screen (and idle timer) uses the new settings.
   */
  private onKiosk(config: KioskConfig): void {
    this.kiosk = config;
    document.title = config.businessName;
    if (this.route.screen === 'attract') this.go({ screen: 'attract' });
  }

  /**
   * A visit the voice flow opened (presence, wake word) takes an unused kiosk to its form; its end leaves the form.
   * Visit events alone do not count as activity for the idle timeout (touch and the visitor's speech do), so a
   * robot prompting an empty lobby still times out.
   */
  private onVisit(visit: VisitView): void {
    const route = this.route;
    const idle = route.screen === 'attract' || route.screen === 'thanks';
    if (idle && OPEN_STAGES.has(visit.stage) && !this.leftVisits.has(visit.id)) {
      return this.go({ screen: 'form', visit });
    }
    if (route.screen !== 'form' || route.visit.id !== visit.id) return;
    const name = OPEN_STAGES.has(visit.stage) ? shownName(visit) : undefined;
    if (name !== undefined) this.visitorName = name;
    if (visit.stage === 'done') {
      this.screen?.onEvent?.({ type: 'visit', visit }); // lets the form know it need not cancel
      this.go({ screen: 'thanks', name: this.visitorName });
    } else if (visit.stage === 'abandoned') {
      this.screen?.onEvent?.({ type: 'visit', visit });
      this.go({ screen: 'attract' });
    }
  }
}

/** The name the thank-you screen may use: as typed or heard, or a returning visitor's kept name (masked: its first name). */
function shownName(visit: VisitView): string | undefined {
  return typeof visit.values.name === 'string' ? visit.values.name : visit.kept?.name?.masked;
}
