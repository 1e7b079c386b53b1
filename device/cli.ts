#!/usr/bin/env node
/** `frontdesk`: the technician's tool and the test harness. */
import { Command, CommanderError } from 'commander';
import { ConfigError } from './config/load.js';
import { UsageError } from '../base/errors.js';
import { registerBridge } from './cli/bridge.js';
import { registerBodyCommands } from './cli/body-commands.js';
import { registerContacts } from './cli/contacts.js';
import { registerDoctor } from './cli/doctor.js';
import { registerOutbox } from './cli/outbox.js';
import { registerSimulate } from './cli/simulate.js';
import { registerStart } from './cli/start.js';
import { registerTasks } from './cli/tasks.js';
import { VERSION } from './runtime.js';

const program = new Command('frontdesk').description('Frontdesk robot receptionist runtime').version(VERSION).showHelpAfterError();
registerStart(program);
registerSimulate(program);
registerDoctor(program);
registerBridge(program);
registerBodyCommands(program);
registerContacts(program);
registerOutbox(program);
registerTasks(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof UsageError) {
    process.stderr.write(`frontdesk: ${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const e = err as { code?: string; message?: string };
  process.stderr.write(`frontdesk: ${e.message ?? String(err)}${e.code ? ` [${e.code}]` : ''}\n`);
  process.exit(1);
});
