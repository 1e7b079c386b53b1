import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import mqtt from 'mqtt';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { exportFromStore } from '../../sync/bridge/export.js';
import { EXPORT_FORMATS } from '../../sync/export/index.js';
import { pushConfig } from '../../sync/bridge/fleet.js';
import { openBridgeStore } from '../../sync/bridge/open-store.js';
import { mosquittoAcl, mosquittoDeviceListener } from '../../sync/mosquitto-acl.js';
import { readTlsFiles } from '../../sync/tls.js';
import { createLogger } from '../log.js';
import { UsageError } from '../../base/errors.js';
import { privateFile, withPrivateUmask } from '../store/file-modes.js';
import { generateFleetKeyPair, parseFleetPrivateKey } from '../../sync/config-signature.js';
import type { KeyObject } from 'node:crypto';

interface BridgeOptions {
  broker: string;
  store: string;
  topicPrefix: string;
  share?: string;
  ca?: string;
  cert?: string;
  key?: string;
}

const ENV_USER = 'FRONTDESK_BRIDGE_USERNAME';
const ENV_PASS = 'FRONTDESK_BRIDGE_PASSWORD';
const credentials = () => ({
  ...(process.env[ENV_USER] ? { username: process.env[ENV_USER] } : {}),
  ...(process.env[ENV_PASS] ? { password: process.env[ENV_PASS] } : {}),
});
const tlsOf = (o: { ca?: string; cert?: string; key?: string }) => ({
  ...(o.ca ? { ca: o.ca } : {}),
  ...(o.cert ? { cert: o.cert } : {}),
  ...(o.key ? { key: o.key } : {}),
});

const STORE_HELP = 'CRM store: sqlite:<file> or postgres://user@host:port/db';

export function registerBridge(program: Command): void {
  const bridge = program
    .command('bridge')
    .description('the reference cloud bridge: run it (default), or manage the fleet: devices, push-config, export, acl')
    .option('--broker <url>', `MQTT broker URL (env ${ENV_USER} / ${ENV_PASS} for credentials)`)
    .option('--store <spec>', STORE_HELP, 'sqlite:./cloud-bridge.sqlite')
    .option('--topic-prefix <prefix>', 'topic prefix of the fleet', 'frontdesk/v1')
    .option('--share <group>', 'MQTT 5 shared subscription group, to run several bridges side by side')
    .option('--ca <file>', 'TLS: CA of the broker certificate')
    .option('--cert <file>', 'TLS: client certificate')
    .option('--key <file>', 'TLS: client key')
    .action(async (opts: BridgeOptions) => {
      if (!opts.broker) throw new UsageError('--broker <url> is required to run the bridge');
      const log = createLogger();
      const store = await openBridgeStore(opts.store);
      const b = new CloudBridge({
        url: opts.broker,
        topicPrefix: opts.topicPrefix,
        store,
        ...(opts.share ? { shareGroup: opts.share } : {}),
        tls: tlsOf(opts),
        ...credentials(),
        log: (level, msg, extra) => log[level](extra ?? {}, msg),
      });
      await b.start();
      process.stdout.write(
        `Frontdesk bridge consuming ${opts.topicPrefix}/devices/+/{contacts/upsert,events,tasks,status,telemetry,config/reported,commands/result}; writing ${opts.store.replace(/\/\/[^@/]*@/, '//***@')}\n`,
      );
      const stop = (): void => {
        b.stop()
          .then(() => store.close())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  bridge
    .command('devices')
    .description('each device: online state, last seen, outbox depth (from heartbeats), desired and reported config versions')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BridgeOptions & { json?: boolean }>();
      const store = await openBridgeStore(opts.store);
      try {
        const rows = await store.devices();
        if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        else
          for (const d of rows)
            process.stdout.write(
              `${d.deviceId.padEnd(24)} ${d.online === null ? 'unknown' : d.online ? 'online ' : 'offline'}  last seen ${d.lastSeenAt ?? '-'}  outbox ${d.outboxPending ?? '-'}  config desired v${d.desiredVersion ?? 0} reported v${d.reportedVersion ?? 0}${d.reportedStatus === 'refused' ? ` (refused: ${d.reportedReason})` : ''}\n`,
            );
      } finally {
        await store.close();
      }
    });

  bridge
    .command('push-config')
    .description("validate a remote config and publish it (retained) as the device's desired config")
    .requiredOption('--device <id>', 'device id')
    .requiredOption('--file <file>', 'JSON: the remotely settable config ({"business": {...}, "intake": {...}, ...})')
    .option('--config-version <n>', 'desired version (default: last pushed + 1)')
    .option('--sign-key <file>', "the fleet's Ed25519 private key (PEM, from `bridge keygen`): sign the config for devices that pinned the fleet key")
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BridgeOptions & { device: string; file: string; configVersion?: string; signKey?: string }>();
      const broker = opts.broker;
      if (!broker) throw new UsageError('--broker <url> is required');
      const version = opts.configVersion;
      if (version !== undefined && !/^\d+$/.test(version)) throw new UsageError(`--config-version must be a whole number, got "${version}"`);
      let config: unknown;
      try {
        config = JSON.parse(readFileSync(opts.file, 'utf8'));
      } catch (err) {
        throw new UsageError(`cannot read ${opts.file} as JSON: ${(err as Error).message}`);
      }
      let signWith: KeyObject | undefined;
      if (opts.signKey) {
        try {
          signWith = parseFleetPrivateKey(readFileSync(opts.signKey, 'utf8'));
        } catch (err) {
          throw new UsageError(`cannot use ${opts.signKey} as the fleet signing key: ${(err as Error).message}`);
        }
      }
      const tls = readTlsFiles(tlsOf(opts));
      const store = await openBridgeStore(opts.store);
      const client = await mqtt.connectAsync(broker, {
        clientId: `frontdesk-push-${process.pid}`,
        protocolVersion: 5,
        reconnectPeriod: 0,
        ...credentials(),
        ...(tls ?? {}),
      });
      try {
        const desired = await pushConfig(client, store, opts.topicPrefix, {
          deviceId: opts.device,
          config,
          ...(version ? { version: Number(version) } : {}),
          issuedBy: 'frontdesk bridge push-config',
          ...(signWith ? { signWith } : {}),
        });
        process.stdout.write(`pushed config v${desired.version} to ${opts.device} (retained; applied when the device is online, see \`bridge devices\`)\n`);
      } finally {
        await client.endAsync();
        await store.close();
      }
    });

  bridge
    .command('keygen')
    .description(
      'make a fleet Ed25519 key pair for signed downlink configs: <out>.key (private, 0600, for push-config) and <out>.pub (for syncPolicy.configSigningKey)',
    )
    .requiredOption('--out <prefix>', 'path prefix of the two files')
    .action((o: { out: string }) => {
      const { publicKeyPem, privateKeyPem } = generateFleetKeyPair();
      withPrivateUmask(() => writeFileSync(`${o.out}.key`, privateKeyPem, { mode: 0o600, flag: 'wx' }));
      writeFileSync(`${o.out}.pub`, publicKeyPem);
      process.stdout.write(`wrote ${o.out}.key (keep it secret) and ${o.out}.pub; pin the public key in each device's config as syncPolicy.configSigningKey\n`);
    });

  bridge
    .command('export')
    .description("export the CRM's contacts as CSV, for HubSpot (contact properties) or for Salesforce (Lead fields), as JSON or CSV")
    .requiredOption('--format <crm>', 'csv, hubspot or salesforce')
    .requiredOption('--out <file>', 'output file; .csv writes CSV, anything else JSON (the csv format is always CSV)')
    .option('--company <name>', 'Salesforce Company when the visitor gave none (default "[not provided]")')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BridgeOptions & { format: string; out: string; company?: string }>();
      const format = EXPORT_FORMATS.find((f) => f === opts.format);
      if (!format) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
      const store = await openBridgeStore(opts.store);
      try {
        const { text, count } = await exportFromStore(store, {
          format,
          as: opts.out.endsWith('.csv') ? 'csv' : 'json',
          ...(opts.company ? { company: opts.company } : {}),
        });
        // Exports hold personal data: the owner's only (mode applies when the file is created; tightened if it existed).
        writeFileSync(opts.out, text, { mode: 0o600 });
        privateFile(opts.out);
        process.stdout.write(`wrote ${count} ${format} records to ${opts.out}\n`);
      } finally {
        await store.close();
      }
    });

  bridge
    .command('acl')
    .description('print a Mosquitto ACL confining each device (username = device id) to its own topics')
    .option('--bridge-user <name...>', 'usernames of the bridges', ['bridge'])
    .option('--listener <port>', 'also print the mutual-TLS device listener (certificate CN = username = client id) for this port')
    .option('--cafile <file>', 'listener: CA that signs device certificates', '/etc/mosquitto/ca.crt')
    .option('--certfile <file>', "listener: the broker's certificate", '/etc/mosquitto/server.crt')
    .option('--keyfile <file>', "listener: the broker's key", '/etc/mosquitto/server.key')
    .action((_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<BridgeOptions & { bridgeUser: string[]; listener?: string; cafile: string; certfile: string; keyfile: string }>();
      if (opts.listener !== undefined) {
        if (!/^\d{1,5}$/.test(opts.listener)) throw new UsageError(`--listener must be a port number, got "${opts.listener}"`);
        process.stdout.write(
          mosquittoDeviceListener({ port: Number(opts.listener), cafile: opts.cafile, certfile: opts.certfile, keyfile: opts.keyfile }) + '\n',
        );
      }
      process.stdout.write(mosquittoAcl(opts.topicPrefix, opts.bridgeUser));
    });
}
