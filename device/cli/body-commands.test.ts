import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { SerialPort } from 'serialport';
import { registerBodyCommands } from './body-commands.js';
import { startSimulatedBoard } from '../../drivers/body/sim/simulated-board.js';
import { standardFirmataHexPath } from '../../drivers/body/sim/firmware.js';

async function run(...args: string[]): Promise<{ out: string[]; err: string[]; code: number | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerBodyCommands(program, { io: { out: (l) => out.push(l), err: (l) => err.push(l), exit: (c) => (code = c) } });
  await program.parseAsync(args, { from: 'user' });
  return { out, err, code };
}

const json = (lines: string[]): Record<string, unknown> => JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;

describe('frontdesk body test', () => {
  it('exercises every joint, light and sensor of the simulated body and reports them all answered', async () => {
    const { out, code } = await run('body', 'test', '--sim', '--json');
    const report = json(out) as { ok: boolean; firmware: { name: string }; parts: Array<{ kind: string; name: string; ok: boolean }> };
    expect(report.firmware.name).toBe('StandardFirmata.ino');
    expect(report.parts.map((p) => `${p.kind}:${p.name}:${p.ok}`)).toEqual([
      'joint:headPan:true',
      'joint:headTilt:true',
      'joint:arm:true',
      'light:status:true',
      'light:glow:true',
      'sensor:pir:true',
      'sensor:distance:true',
      'sensor:estop:true',
    ]);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
  });

  it('fails clearly when the port does not exist', async () => {
    const { out, code } = await run('body', 'test', '--port', '/dev/ttyDOESNOTEXIST', '--json');
    const report = json(out) as { ok: boolean; problems: string[] };
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/does not exist: is the board plugged in/);
    expect(code).toBe(1);
  });
});

describe('frontdesk serial monitor', () => {
  it('prints decoded Firmata traffic, one message per line', async () => {
    const { out, code } = await run('serial', 'monitor', '--sim', '--json', '--duration', '1500');
    const entries = out.map((l) => JSON.parse(l) as { kind: string; message?: { type: string; name?: string } });
    expect(entries[0]).toMatchObject({ kind: 'sent', message: { type: 'query-firmware' } });
    expect(entries.find((e) => e.kind === 'message' && e.message?.type === 'firmware')?.message?.name).toBe('StandardFirmata.ino');
    expect(entries.some((e) => e.kind === 'message' && e.message?.type === 'analog-mapping')).toBe(true);
    expect(code).toBe(0);
    const text = await run('serial', 'monitor', '--sim', '--duration', '1500');
    expect(text.out.some((l) => / <- firmware StandardFirmata\.ino 2\.4$/.test(l))).toBe(true);
  });
});

describe('frontdesk flash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-flash-'));
  const goodHex = standardFirmataHexPath();

  it('refuses a hex file with a bad checksum before touching the board', async () => {
    const lines = readFileSync(goodHex, 'latin1').split('\n');
    // Flip one data digit of line 6 and keep its checksum: the record no longer adds up.
    const line = lines[5] ?? '';
    lines[5] = `${line.slice(0, 9)}${line[9] === 'A' ? 'B' : 'A'}${line.slice(10)}`;
    const bad = join(dir, 'bad.hex');
    writeFileSync(bad, lines.join('\n'));
    const { out, code } = await run('flash', '--port', '/dev/ttyNOPE', '--hex', bad, '--json');
    expect(json(out)).toMatchObject({ ok: false, error: { code: 'bad_hex_file' } });
    expect((json(out).error as { message: string }).message).toMatch(/line 6: checksum mismatch/);
    expect(code).toBe(1);
  });

  it('refuses a missing hex file, an unknown board and a missing avrdude', async () => {
    expect(json((await run('flash', '--port', '/dev/ttyNOPE', '--hex', join(dir, 'nope.hex'), '--json')).out)).toMatchObject({
      error: { code: 'hex_missing' },
    });
    expect(json((await run('flash', '--port', '/dev/ttyNOPE', '--hex', goodHex, '--board', 'esp32', '--json')).out)).toMatchObject({
      error: { code: 'unknown_board' },
    });
    const missing = await run('flash', '--port', '/dev/ttyNOPE', '--hex', goodHex, '--avrdude', '/nonexistent/avrdude', '--json');
    expect(json(missing.out)).toMatchObject({ error: { code: 'avrdude_missing' } });
    expect((json(missing.out).error as { message: string }).message).toMatch(/apt-get install avrdude/);
  });

  it('refuses a port another program holds', async () => {
    const sim = await startSimulatedBoard({ pty: true, bootloader: true });
    const holder = new SerialPort({ path: sim.path, baudRate: 57_600, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => holder.open((e) => (e ? reject(e) : resolve())));
      const { out, err, code } = await run('flash', '--port', sim.path, '--hex', goodHex);
      expect(err[0]).toMatch(/^flash failed \[port_busy\]: serial port .* is in use by another program/);
      expect(out.some((l) => /^hex ok/.test(l))).toBe(true);
      expect(code).toBe(1);
      expect(sim.flashes()).toBe(0);
    } finally {
      if (holder.isOpen) await new Promise<void>((r) => holder.close(() => r()));
      await sim.stop();
    }
  });

  it('flashes the simulated Uno with the real avrdude, verifies, and confirms Firmata answers', async () => {
    const { out, code } = await run('flash', '--sim', '--json');
    expect(json(out)).toMatchObject({ ok: true, board: 'uno', verified: true, signature: '1e950f', firmware: { name: 'StandardFirmata.ino', version: '2.4' } });
    expect(code).toBe(0);
  });

  it('says so when the chip is not the one --board names', async () => {
    const sim = await startSimulatedBoard({ pty: true, bootloader: true, bootloaderSignature: [0x1e, 0x95, 0x87] });
    try {
      const { out } = await run('flash', '--port', sim.path, '--hex', goodHex, '--json');
      expect(json(out)).toMatchObject({ ok: false, error: { code: 'wrong_board' } });
      expect(sim.flashes()).toBe(0);
    } finally {
      await sim.stop();
    }
  });
});
