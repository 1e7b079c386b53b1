import type { Command } from 'commander';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { createLogger } from '../log.js';
import { UsageError } from './common.js';

interface BridgeOptions {
  broker: string;
  store: string;
  topicPrefix: string;
  share?: string;
}

export function registerBridge(program: Command): void {
  program
    .command('bridge')
    .description('run the reference cloud bridge: consume device topics, write the CRM store, acknowledge')
    .requiredOption('--broker <url>', 'MQTT broker URL (env FRONTDESK_BRIDGE_USERNAME / FRONTDESK_BRIDGE_PASSWORD for credentials)')
    .option('--store <spec>', 'where to write: sqlite:<file>', 'sqlite:./cloud-bridge.sqlite')
    .option('--topic-prefix <prefix>', 'topic prefix of the fleet', 'frontdesk/v1')
    .option('--share <group>', 'MQTT 5 shared subscription group, to run several bridges side by side')
    .action(async (opts: BridgeOptions) => {
      const m = opts.store.match(/^sqlite:(.+)$/);
      if (!m) throw new UsageError(`--store must look like sqlite:/path/to/file.sqlite, got "${opts.store}"`);
      const log = createLogger();
      const store = new SqliteBridgeStore(m[1]!);
      const bridge = new CloudBridge({
        url: opts.broker,
        topicPrefix: opts.topicPrefix,
        store,
        ...(opts.share ? { shareGroup: opts.share } : {}),
        ...(process.env.FRONTDESK_BRIDGE_USERNAME ? { username: process.env.FRONTDESK_BRIDGE_USERNAME } : {}),
        ...(process.env.FRONTDESK_BRIDGE_PASSWORD ? { password: process.env.FRONTDESK_BRIDGE_PASSWORD } : {}),
        log: (level, msg, extra) => log[level](extra ?? {}, msg),
      });
      await bridge.start();
      process.stdout.write(`Frontdesk bridge consuming ${opts.topicPrefix}/devices/+/contacts/upsert; writing ${opts.store}\n`);
      const stop = (): void => {
        bridge.stop().then(() => store.close()).then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
