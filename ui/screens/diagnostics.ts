/**
 * The technician's diagnostics screen (#/diagnostics): its own PIN (the staff PIN pad, technician PIN), then live
 * speech (microphone level, wake word scores, captions), the body with buttons for each joint, gesture and light,
 * sensors, sync and the outbox, recent logs, and "Export support bundle". Live updates come over
 * /api/diagnostics/events, which takes the session token as its first frame. The token lives only in memory:
 * leaving the screen, the idle timeout, or the session ending asks for the PIN again.
 */
import type { DiagnosticsEvent, DiagnosticsSnapshot } from '../../device/http/contract.js';
import { api, ApiCallError } from '../lib/api.js';
import { h, replaceChildren } from '../lib/dom.js';
import { EventStream, pageUrl } from '../lib/events.js';
import { BodyPanel, LogPanel, SpeechPanel, SyncPanel } from './diagnostics-panels.js';
import type { AppContext, Screen } from './screen.js';
import { pinDoor } from './staff-pin.js';

export function diagnosticsScreen(ctx: AppContext): Screen {
  let token: string | null = null;
  let stream: EventStream<DiagnosticsEvent> | null = null;
  let disposed = false;
  const el = h('section', { class: 'screen screen-diagnostics', 'data-screen': 'diagnostics' });
  const back = () =>
    h('button', { type: 'button', class: 'btn btn-secondary', id: 'diag-back', onclick: () => ctx.go({ screen: 'attract' }) }, 'Back to kiosk');

  const door = pinDoor(
    { role: 'technician', title: 'Technician', id: 'tech-pin' },
    (pad) => replaceChildren(el, h('div', { class: 'staff-back' }, back()), pad),
    (session) => {
      token = session;
      void showDiagnostics();
    },
  );

  function showPin(message: string | null = null): void {
    stopStream();
    token = null;
    door.show(message);
  }

  function stopStream(): void {
    stream?.stop();
    stream = null;
  }

  async function showDiagnostics(): Promise<void> {
    if (!token) return showPin();
    const session = token;
    const status = h('p', { class: 'diag-status', id: 'diag-status', role: 'status', 'aria-live': 'polite' }, 'Loading…');
    const title = h('p', { class: 'diag-device' });
    const say = (text: string, bad = false): void => {
      status.textContent = text;
      status.classList.toggle('diag-bad', bad);
    };
    const act = (what: string, run: () => Promise<unknown>): void => {
      say(`${what}…`);
      run().then(
        () => say(`${what}: done.`),
        (err: unknown) =>
          err instanceof ApiCallError && err.status === 401
            ? showPin('Your session ended. Please enter the PIN again.')
            : say(`${what}: ${err instanceof Error ? err.message : String(err)}`, true),
      );
    };
    const speech = new SpeechPanel();
    const sync = new SyncPanel();
    const logs = new LogPanel();
    const body = new BodyPanel({
      move: (joint, degrees) => act(`Move ${joint} to ${degrees}°`, async () => body.update((await api.moveJoint(session, joint, degrees)).body)),
      play: (gesture) => act(`Gesture ${gesture}`, async () => body.update((await api.playGesture(session, gesture)).body)),
      light: (name, level) => act(`Light ${name} ${level ? 'on' : 'off'}`, async () => body.update(await api.setLight(session, name, level))),
    });
    const apply = (s: DiagnosticsSnapshot): void => {
      title.textContent = `${s.device.id} · Frontdesk ${s.device.version} · Node ${s.versions.node} · up ${formatUptime(s.device.uptimeS)}`;
      speech.set(s.speech);
      body.set(s.body.layout, s.body.state);
      sync.update(s.sync);
      logs.set(s.logs);
    };
    const exportButton = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'diag-export', onclick: () => void exportBundle() },
      'Export support bundle',
    );
    async function exportBundle(): Promise<void> {
      exportButton.disabled = true;
      say('Collecting the support bundle (runs the doctor)…');
      try {
        const { blob, fileName } = await api.supportBundle(session);
        const url = URL.createObjectURL(blob);
        const a = h('a', { href: url, download: fileName, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
        say(`Support bundle saved as ${fileName} (${Math.ceil(blob.size / 1024)} KB).`);
      } catch (err) {
        if (err instanceof ApiCallError && err.status === 401) return showPin('Your session ended. Please enter the PIN again.');
        say(`Could not export the support bundle: ${err instanceof Error ? err.message : String(err)}`, true);
      } finally {
        exportButton.disabled = false;
      }
    }

    replaceChildren(
      el,
      h(
        'header',
        { class: 'staff-header diag-header' },
        h('div', {}, h('h1', {}, 'Diagnostics'), title),
        h(
          'div',
          { class: 'staff-actions' },
          exportButton,
          h('button', { type: 'button', class: 'btn btn-secondary', id: 'diag-refresh', onclick: () => void refresh() }, 'Refresh'),
          back(),
        ),
      ),
      status,
      h('div', { class: 'diag-grid' }, body.el, h('div', { class: 'diag-col' }, speech.el), h('div', { class: 'diag-col' }, body.sensorsEl, sync.el), logs.el),
    );

    async function refresh(): Promise<void> {
      try {
        apply(await api.diagnostics(session));
        say('Up to date.');
      } catch (err) {
        if (err instanceof ApiCallError && err.status === 401) return showPin('Your session ended. Please enter the PIN again.');
        say('Could not reach the runtime. Press Refresh to try again.', true);
      }
    }
    await refresh();
    if (disposed || token !== session) return;

    stopStream();
    stream = new EventStream<DiagnosticsEvent>(pageUrl('/api/diagnostics/events'), { hello: () => JSON.stringify({ type: 'auth', token: session }) });
    stream.on((e) => {
      if (e.type === 'snapshot') apply(e.snapshot);
      else if (e.type === 'body') body.update(e.body);
      else if (e.type === 'sync') sync.update(e.sync);
      else if (e.type === 'speech') speech.onEvent(e.event);
      else if (e.type === 'log') logs.add(e.line);
    });
    stream.onConnection((up) => {
      if (!up) say('Live updates paused: reconnecting…', true);
      else say('Live.');
    });
    stream.onRefused(() => showPin('Your session ended. Please enter the PIN again.'));
    stream.start();
  }

  showPin();
  return {
    el,
    dispose() {
      disposed = true;
      door.dispose();
      stopStream();
      // Leaving the screen ends the session on the runtime too.
      if (token) api.logout('technician', token).catch(() => undefined);
      token = null;
    },
  };
}

function formatUptime(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
