/**
 * A throwaway PKI made with the `openssl` command at test time: a CA, a server certificate for 127.0.0.1 /
 * localhost, and client certificates signed by the same CA (one per device).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  /** Issues a client certificate with this common name; returns the file paths. */
  client(cn: string): { cert: string; key: string };
  /** A CA the broker does not trust, to show a foreign client certificate is refused. */
  foreignClient(cn: string): { cert: string; key: string };
}

const ssl = (dir: string, args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function makeCa(dir: string, name: string): void {
  ssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`]);
}

function issue(dir: string, ca: string, cn: string, ext?: string): { cert: string; key: string } {
  ssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${cn}.key`, '-out', `${cn}.csr`]);
  const args = ['x509', '-req', '-in', `${cn}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-out', `${cn}.crt`];
  if (ext) {
    writeFileSync(join(dir, `${cn}.ext`), ext);
    args.push('-extfile', `${cn}.ext`);
  }
  ssl(dir, args);
  readable(dir);
  return { cert: join(dir, `${cn}.crt`), key: join(dir, `${cn}.key`) };
}

/** Mosquitto started as root drops to the `mosquitto` user before it reads its certificates: throwaway keys, so let it. */
function readable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'fd-pki-'));
  makeCa(dir, 'ca');
  const server = issue(dir, 'ca', 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  let foreign = false;
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    serverCert: server.cert,
    serverKey: server.key,
    client: (cn) => issue(dir, 'ca', cn, 'extendedKeyUsage=clientAuth\n'),
    foreignClient: (cn) => {
      if (!foreign) makeCa(dir, 'foreign-ca');
      foreign = true;
      return issue(dir, 'foreign-ca', `foreign-${cn}`, 'extendedKeyUsage=clientAuth\n');
    },
  };
}
