/**
 * TLS material for MQTT connections, read from files: the CA that signed the broker's certificate, and this
 * client's certificate and key (mutual TLS; one per device). Per-device username/password travel beside it.
 */
import { readFileSync } from 'node:fs';
import { SyncError } from './errors.js';

export interface TlsFiles {
  /** PEM file of the CA that signed the broker's certificate (omit to trust the system CAs). */
  ca?: string;
  /** PEM client certificate and its key, for brokers that require a client certificate. */
  cert?: string;
  key?: string;
  /** Check the broker's certificate and name; on by default; turn off only on a bench. */
  rejectUnauthorized?: boolean;
}

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

export function readTlsFiles(files: TlsFiles | undefined): TlsOptions | undefined {
  if (!files || (!files.ca && !files.cert && !files.key && files.rejectUnauthorized === undefined)) return undefined;
  if (Boolean(files.cert) !== Boolean(files.key))
    throw new SyncError(
      'sync_tls_file',
      'A client certificate needs its key and a key needs its certificate: set both sync.tls.cert and sync.tls.key, or neither.',
    );
  const read = (what: string, path: string | undefined): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw new SyncError(
        'sync_tls_file',
        `Cannot read the TLS ${what} file ${path}: ${(err as Error).message}. Check the path in the sync.tls settings and that the runtime's user can read it.`,
        { cause: err },
      );
    }
  };
  const out: TlsOptions = { rejectUnauthorized: files.rejectUnauthorized ?? true };
  const ca = read('CA', files.ca);
  const cert = read('certificate', files.cert);
  const key = read('key', files.key);
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  return out;
}
