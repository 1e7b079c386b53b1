/**
 * The doctor's newer checks: technician PIN, model manifest (present, size, checksum, and in step with the files the
 * product loads), serial ports and the firmware's answer (against the simulated Uno running real StandardFirmata).
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { startPtyBridge } from '../../drivers/body/sim/pty-bridge.js';
import { startSimulatedBoard, type SimulatedBoard } from '../../drivers/body/sim/simulated-board.js';
import { packageFile } from '../../models/onnx/package-file.js';
import { MODEL_DIR } from '../../models/stt/pocketsphinx/decoder.mjs';
import { SILERO_PACKAGE } from '../../models/vad/silero.js';
import { OPENWAKEWORD_PHRASE_IDS, openWakeWordModelPaths } from '../../models/wake/openwakeword-assets.js';
import { parseConfig } from '../config/load.js';
import { hashPin } from '../http/pin-hash.js';
import { PinStore } from '../http/pin-store.js';
import { openDatabase } from '../store/database.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { checkFileModes, checkOutbox, checkStaffPin, checkTechnicianPin, runChecks } from './checks.js';
import { checkModels, defaultManifestFile, manifestSchema } from './models.js';
import { checkSerial } from './serial.js';

const dir = mkdtempSync(join(tmpdir(), 'fd-doctor-'));
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function writeManifest(files: { path: string; content?: string; sha256?: string; size?: number; required?: boolean }[]): string {
  const manifest = {
    version: 1,
    files: files.map((f) => {
      if (f.content !== undefined) writeFileSync(f.path, f.content);
      return {
        root: 'system',
        path: f.path,
        package: 'pocketsphinx-en-us',
        purpose: 'test model',
        required: f.required ?? true,
        size: f.size ?? Buffer.byteLength(f.content ?? ''),
        sha256: f.sha256 ?? sha(f.content ?? ''),
      };
    }),
  };
  const file = join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

describe('doctor: staff and technician PINs', () => {
  it('fails while no PIN is set, passes with one provisioned or chosen on the kiosk, and refuses equal PINs', async () => {
    const empty = mkdtempSync(join(dir, 'pins-'));
    const at = (technician: Record<string, unknown>, staff: Record<string, unknown> = {}, dataDir = empty) => ({
      staff: checkStaffPin({ config: parseConfig({ technician, staff }), configFile: null, dataDir }),
      technician: checkTechnicianPin({ config: parseConfig({ technician, staff }), configFile: null, dataDir }),
    });
    expect(at({}).staff).toMatchObject({ id: 'staff-pin', ok: false, severity: 'error', fix: expect.stringMatching(/#\/staff.*staff\.pin/) });
    expect(at({}).technician).toMatchObject({ id: 'technician-pin', ok: false, severity: 'error', fix: expect.stringMatching(/technician\.pin/) });
    // Equal PINs no longer get as far as the doctor: the config itself is refused, naming technician.pin.
    expect(() => at({ pin: '55501234' }, { pin: '55501234' })).toThrow(/technician\.pin: the same as staff\.pin/);
    expect(at({ pin: '90817364' }).technician).toMatchObject({ ok: true });
    // Chosen on the kiosk: stored hashed in the database.
    const db = openDatabase(join(empty, 'frontdesk.sqlite'));
    new PinStore(db).setPinHash('staff', await hashPin('402719'), 'kiosk', new Date());
    db.close();
    expect(at({}).staff).toMatchObject({ ok: true, detail: expect.stringMatching(/stored hashed/) });
    expect(at({}).technician.ok).toBe(false);
  });
});

describe('doctor: model files', () => {
  it('passes when every file matches its size and checksum', async () => {
    const manifestFile = writeManifest([{ path: join(dir, 'good.bin'), content: 'weights' }]);
    const r = await checkModels({ manifestFile, voiceInUse: true });
    expect(r).toMatchObject({ id: 'models', ok: true });
  });

  it('reports a wrong checksum, a wrong size and a missing file, each with the fix to try', async () => {
    const manifestFile = writeManifest([
      { path: join(dir, 'tampered.bin'), content: 'weights', sha256: sha('other weights') },
      { path: join(dir, 'truncated.bin'), content: 'weigh', size: 7 },
      { path: join(dir, 'absent.bin') },
    ]);
    const r = await checkModels({ manifestFile, voiceInUse: true });
    expect(r.ok).toBe(false);
    expect(r.severity).toBe('error');
    expect(r.detail).toMatch(/3 of 3 model files missing or damaged/);
    expect(r.detail).toMatch(/tampered\.bin: checksum-mismatch/);
    expect(r.detail).toMatch(/truncated\.bin: size-mismatch \(5 bytes, expected 7\)/);
    expect(r.detail).toMatch(/absent\.bin: missing/);
    expect(r.fix).toMatch(/apt-get install --reinstall pocketsphinx-en-us/);
    expect(r.fix).toMatch(/scripts\/model-manifest\.mjs/);
    const files = (r.data as { files: { status: string }[] }).files.map((f) => f.status);
    expect(files).toEqual(['checksum-mismatch', 'size-mismatch', 'missing']);
  });

  it('is a warning while voice is off, or when only optional files are wrong', async () => {
    const bad = writeManifest([{ path: join(dir, 'bad1.bin'), content: 'x', sha256: sha('y') }]);
    expect(await checkModels({ manifestFile: bad, voiceInUse: false })).toMatchObject({ ok: false, severity: 'warning' });
    const optional = writeManifest([{ path: join(dir, 'bad2.bin'), content: 'x', sha256: sha('y'), required: false }]);
    expect(await checkModels({ manifestFile: optional, voiceInUse: true })).toMatchObject({ ok: false, severity: 'warning' });
  });

  it('says how to restore an unreadable manifest', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ nope');
    expect(await checkModels({ manifestFile: file, voiceInUse: true })).toMatchObject({ ok: false, fix: expect.stringMatching(/model-manifest/) });
  });

  it('the committed manifest lists every model file the product loads', () => {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(defaultManifestFile(), 'utf8')));
    const listed = new Set(manifest.files.map((f) => f.path));
    const loaded = [...OPENWAKEWORD_PHRASE_IDS.flatMap((p) => Object.values(openWakeWordModelPaths(p))), packageFile(SILERO_PACKAGE, 'silero_vad_v5.onnx')].map(
      (abs) => abs.slice(abs.lastIndexOf('/node_modules/') + '/node_modules/'.length),
    ); // node_modules may be a symlink
    const hmm = ['feat.params', 'mdef', 'means', 'noisedict', 'sendump', 'transition_matrices', 'variances'].map((f) => `${MODEL_DIR}/en-us/${f}`);
    for (const path of [...loaded, ...hmm, `${MODEL_DIR}/cmudict-en-us.dict`, `${MODEL_DIR}/en-us.lm.bin`]) expect(listed, path).toContain(path);
  });
});

describe('doctor: serial ports and firmware', () => {
  let sim: SimulatedBoard | undefined;
  afterAll(async () => sim?.stop());
  const noPorts = async () => ({ ports: [], via: 'test' });

  it('lists ports and asks nothing of a simulated body', async () => {
    const r = await checkSerial({
      config: parseConfig({}),
      list: async () => ({ ports: [{ path: '/dev/ttyACM0', manufacturer: 'Arduino LLC' }], via: 'test' }),
    });
    expect(r).toMatchObject({ id: 'serial', ok: true, detail: expect.stringMatching(/\/dev\/ttyACM0 \(Arduino LLC\).*simulated/) });
  });

  it("reads the firmware's name and version from a Firmata body", async () => {
    sim = await startSimulatedBoard();
    const config = parseConfig({ body: { driver: 'firmata', port: sim.path } });
    const r = await checkSerial({ config, binding: sim.binding, list: noPorts, timeoutMs: 15_000 });
    expect(r).toMatchObject({ id: 'serial', ok: true, detail: expect.stringMatching(/StandardFirmata.* 2\.\d+ answers on/) });
    expect(r.data?.firmware).toMatchObject({ name: expect.stringMatching(/StandardFirmata/) });
  });

  it('says so when the port is silent (no Firmata) or held by another program', async () => {
    const path = join(dir, 'ttySILENT');
    const silent = await startPtyBridge(path, () => undefined);
    try {
      const config = parseConfig({ body: { driver: 'firmata', port: path } });
      const quiet = await checkSerial({ config, list: noPorts, timeoutMs: 800 });
      expect(quiet).toMatchObject({ ok: false, detail: expect.stringMatching(/no Firmata firmware answered/), fix: expect.stringMatching(/frontdesk flash/) });
      const holder = new SerialPort({ path, baudRate: 57_600, lock: true, autoOpen: false });
      await new Promise<void>((resolve, reject) => holder.open((err) => (err ? reject(err) : resolve())));
      try {
        const busy = await checkSerial({ config, list: noPorts, timeoutMs: 800 });
        expect(busy).toMatchObject({
          ok: false,
          detail: expect.stringMatching(/in use by another program/),
          fix: expect.stringMatching(/Close the program holding the port/),
        });
        expect(busy.data?.code).toBe('port_busy');
      } finally {
        await new Promise<void>((resolve) => holder.close(() => resolve()));
      }
    } finally {
      await silent.stop();
    }
  });

  it('says what to do when the port is missing', async () => {
    const config = parseConfig({ body: { driver: 'firmata', port: join(dir, 'ttyACM9') } });
    const r = await checkSerial({ config, list: noPorts, timeoutMs: 500 });
    expect(r).toMatchObject({ id: 'serial', ok: false, severity: 'error', fix: expect.stringMatching(/USB cable/) });
    expect(r.data?.code).toBe('port_missing');
  });
});

describe('doctor: every check', () => {
  it('runs them all (the outbox and broker ones included), each failure with a fix', async () => {
    const results = await runChecks({ config: parseConfig({}), configFile: null, dataDir: join(dir, 'data') });
    expect(results.map((r) => r.id)).toEqual([
      'config',
      'data-dir',
      'store',
      'disk',
      'file-modes',
      'clock',
      'staff-pin',
      'technician-pin',
      'body',
      'serial',
      'broker',
      'outbox',
      'crm-criteria',
      'speech-mode',
      'microphone',
      'speaker',
      'models',
    ]);
    for (const r of results) if (!r.ok) expect(r.fix, r.id).toBeTruthy();
    expect(results.find((r) => r.id === 'models')?.ok).toBe(true);
  });
});

describe('doctor: file modes and the outbox', () => {
  it('finds the data folder 0700 and the database 0600 as created, and names the chmod when one is opened up', () => {
    const dataDir = join(dir, 'modes');
    const db = openDatabase(join(dataDir, 'frontdesk.sqlite'));
    db.prepare(`INSERT INTO sync_meta (key, value) VALUES ('x', 'y')`).run(); // a write, so the -wal exists
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['frontdesk.sqlite', 'frontdesk.sqlite-wal', 'frontdesk.sqlite-shm']) expect(mode(join(dataDir, f)), f).toBe(0o600);
    const ctx = { config: parseConfig({}), configFile: null, dataDir };
    expect(checkFileModes(ctx)).toMatchObject({ id: 'file-modes', ok: true });
    chmodSync(join(dataDir, 'frontdesk.sqlite'), 0o644);
    chmodSync(dataDir, 0o755);
    const bad = checkFileModes(ctx);
    expect(bad).toMatchObject({ ok: false, severity: 'error' });
    expect(bad.fix).toContain(`chmod 700 ${dataDir}`);
    expect(bad.fix).toContain(`chmod 600 ${join(dataDir, 'frontdesk.sqlite')}`);
    db.close();
  });

  it('reports records the bridge refused, with the reason and how to retry', () => {
    const dataDir = join(dir, 'rejected');
    const db = openDatabase(join(dataDir, 'frontdesk.sqlite'));
    const outbox = new SqliteOutbox(db);
    const e = outbox.enqueue({ kind: 'contact.upsert', recordId: 'r1', version: 1, payload: '{}' });
    outbox.markRejectedMany([{ idempotencyKey: e.idempotencyKey, reason: 'name holds a NUL' }]);
    db.close();
    const r = checkOutbox({ config: parseConfig({}), configFile: null, dataDir });
    expect(r).toMatchObject({ id: 'outbox', ok: false, data: { rejected: 1, pending: 0 } });
    expect(r.detail).toContain('name holds a NUL');
    expect(r.fix).toContain('frontdesk outbox retry');
  });
});
