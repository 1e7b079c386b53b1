/**
 * `frontdesk body test`: exercise every configured joint, light and sensor of a Firmata body and report what
 * answered. Joints go min -> max -> rest through the real driver (limits and speed apply); the board is then asked
 * for each pin's state, so "answered" means the firmware confirms the mode and the last value, not just that bytes
 * were written.
 */
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { FirmataBody } from '../firmata-body.js';
import type { FirmataBodyConfigInput } from '../firmata-config.js';
import { PIN_MODE } from '../firmata/protocol.js';
import type { FirmataBoard } from '../firmata/board.js';

export interface PartResult {
  kind: 'joint' | 'light' | 'sensor';
  name: string;
  pin: string;
  ok: boolean;
  /** What was done or read, for people. */
  detail: string;
}

export interface BodyTestReport {
  port: string;
  ok: boolean;
  firmware?: { name: string; version: string };
  estopEngaged?: boolean;
  parts: PartResult[];
  /** Problems with the fix to try. */
  problems: string[];
}

export interface BodyTestOptions {
  port: string;
  config?: FirmataBodyConfigInput;
  binding?: BindingInterface;
  /** Called as each part finishes, for live output. */
  onPart?: (part: PartResult) => void;
  /** Blinks per light. */
  blinks?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Pin-state queries asked before the board's answer counts: a lost byte on the line, or a busy board, gets another try. */
const PIN_STATE_TRIES = 3;

/**
 * The pin's state once it is as expected, asked up to PIN_STATE_TRIES times a short while apart; the last answer
 * otherwise (the last query's error if none answered). One unanswered query is no verdict on a joint: the simulated
 * Uno on a loaded CI machine once missed the 1 s answer for the head's tilt.
 */
async function settledPinState(
  board: Pick<FirmataBoard, 'queryPinState'>,
  pin: number,
  expected: (s: { mode: number; state: number }) => boolean,
): Promise<{ mode: number; state: number }> {
  let last: { mode: number; state: number } | undefined;
  for (let i = 1; ; i++) {
    try {
      last = await board.queryPinState(pin);
      if (expected(last) || i >= PIN_STATE_TRIES) return last;
    } catch (error) {
      if (i >= PIN_STATE_TRIES) {
        if (last) return last;
        throw error;
      }
    }
    await sleep(100 * i);
  }
}

export async function runBodyTest(options: BodyTestOptions): Promise<BodyTestReport> {
  const body = new FirmataBody({
    config: { ...options.config, port: options.port },
    ...(options.binding ? { binding: options.binding } : {}),
    reconnect: false,
  });
  const report: BodyTestReport = { port: options.port, ok: false, parts: [], problems: [] };
  const add = (part: PartResult): void => {
    report.parts.push(part);
    if (!part.ok) report.problems.push(`${part.kind} ${part.name} (${part.pin}): ${part.detail}`);
    options.onPart?.(part);
  };
  try {
    await body.open();
  } catch (error) {
    report.problems.push(error instanceof Error ? error.message : String(error));
    return report;
  }
  const { board, config } = body;
  report.firmware = board.firmware;
  try {
    // Give the e-stop input its first report and release delay.
    for (let i = 0; i < 20 && body.state().estop; i++) await sleep(50);
    report.estopEngaged = body.state().estop;
    if (report.estopEngaged) {
      report.problems.push('the emergency stop is engaged: joints were not moved; release it and run the test again');
    }

    for (const [name, joint] of Object.entries(config.joints)) {
      const pin = `D${joint.pin}`;
      if (board.supports(joint.pin, PIN_MODE.SERVO) === false) {
        add({ kind: 'joint', name, pin, ok: false, detail: 'the firmware says this pin cannot drive a servo: fix the pin map' });
        continue;
      }
      if (report.estopEngaged) {
        add({ kind: 'joint', name, pin, ok: false, detail: 'not moved: emergency stop engaged' });
        continue;
      }
      try {
        for (const angle of [joint.min, joint.max, joint.rest]) await body.moveJoint(name, angle);
        const state = await settledPinState(board, joint.pin, (st) => st.mode === PIN_MODE.SERVO && st.state === Math.round(joint.rest));
        const ok = state.mode === PIN_MODE.SERVO && state.state === Math.round(joint.rest);
        add({
          kind: 'joint',
          name,
          pin,
          ok,
          detail: ok
            ? `moved ${joint.min}..${joint.max}, back to ${joint.rest} deg; servo confirmed`
            : `board reports mode ${state.mode} value ${state.state}, expected servo at ${joint.rest}`,
        });
      } catch (error) {
        add({ kind: 'joint', name, pin, ok: false, detail: error instanceof Error ? error.message : String(error) });
      }
    }

    for (const [name, light] of Object.entries(config.lights)) {
      const pin = `D${light.pin}`;
      try {
        let confirmed = true;
        const high = light.pwm ? 255 : 1;
        for (let i = 0; i < (options.blinks ?? 2); i++) {
          // Each level asked like a joint's (up to three times): a busy board's late answer is not a dead light.
          await body.setLight(name, 1);
          const on = await settledPinState(board, light.pin, (st) => st.state === high);
          await sleep(150);
          await body.setLight(name, 0);
          const off = await settledPinState(board, light.pin, (st) => st.state === 0);
          await sleep(150);
          if (on.state !== high || off.state !== 0) confirmed = false;
        }
        add({
          kind: 'light',
          name,
          pin,
          ok: confirmed,
          detail: confirmed ? `blinked ${options.blinks ?? 2} times; output confirmed` : 'the board did not confirm the output level: check the pin map',
        });
      } catch (error) {
        add({ kind: 'light', name, pin, ok: false, detail: error instanceof Error ? error.message : String(error) });
      }
    }

    // Sensors: wait for a report (digital reports arrive on enable; analog every sampling interval).
    const p = config.presence;
    await sleep(Math.max(200, config.samplingIntervalMs * 3));
    if (p.pirPin !== null) {
      const level = board.digitalRead(p.pirPin);
      add({
        kind: 'sensor',
        name: 'pir',
        pin: `D${p.pirPin}`,
        ok: level !== undefined,
        detail: level === undefined ? 'no report from the board' : `reads ${level ? 'motion' : 'no motion'}`,
      });
    }
    if (p.distanceChannel !== null) {
      const raw = board.analogRead(p.distanceChannel);
      add({
        kind: 'sensor',
        name: 'distance',
        pin: `A${p.distanceChannel}`,
        ok: raw !== undefined,
        detail:
          raw === undefined
            ? 'no analog report: is the sensor on the configured channel?'
            : `reads ${raw}/1023 (${((raw / 1023) * 5).toFixed(2)} V, ${body.state().sensors.distanceCm ?? '?'} cm)`,
      });
    }
    if (config.estop.pin !== null) {
      const level = board.digitalRead(config.estop.pin);
      add({
        kind: 'sensor',
        name: 'estop',
        pin: `D${config.estop.pin}`,
        ok: level !== undefined,
        detail: level === undefined ? 'no report from the board' : `reads ${level ? 'high' : 'low'} (${report.estopEngaged ? 'engaged' : 'released'})`,
      });
    }
    report.ok = report.problems.length === 0;
    return report;
  } finally {
    await body.close();
  }
}
