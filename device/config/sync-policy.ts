/**
 * Local sync policy: what the device keeps of delivered records, and the fleet key that downlink configs must be
 * signed with. This section is never remotely settable (sync/schemas/config.ts carries no such part).
 */
import { z } from 'zod';
import { parseFleetPublicKey } from '../../sync/config-signature.js';

export const syncPolicySchema = z
  .object({
    /**
     * Days a delivered outbox entry (its key and record id; the payload is cleared at delivery) stays before it is
     * pruned. Each record's latest entry always stays (it is the record's delivery state); pending and rejected
     * entries are never pruned.
     */
    outboxRetentionDays: z.number().int().min(1).max(3650).default(30),
    /**
     * Days a delivered CRM activity's outbox entry stays before it is pruned. Each activity has one entry, its
     * record's only one, so the rule above kept them all forever (one row per activity). Once delivered nothing reads
     * it: the bridge holds the activity and dedupes it by its id. Pending and rejected entries are never pruned.
     */
    activityRetentionDays: z.number().int().min(1).max(3650).default(30),
    /**
     * The fleet's Ed25519 public key (PEM, or base64 of its DER SPKI). Once set, a downlink config must carry a
     * valid signature by its private key (`frontdesk bridge push-config --sign-key`), or it is refused and reported.
     */
    configSigningKey: z
      .string()
      .max(2000)
      .superRefine((text, ctx) => {
        try {
          parseFleetPublicKey(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `${(err as Error).message}; paste the fleet's .pub file from \`frontdesk bridge keygen\`` });
        }
      })
      .optional(),
    /** Largest step a downlink config version may take over the applied one (a huge version would freeze later ones). */
    maxConfigVersionJump: z.number().int().min(1).max(1_000_000).default(1_000_000),
  })
  .strict();
export type SyncPolicy = z.output<typeof syncPolicySchema>;
