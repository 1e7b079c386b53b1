/**
 * Staff members: who they are, their role, their weekly shifts, and how the cloud reaches them when they are not at
 * the robot (email, webhook). Member PINs (hashed) live in the database, not here.
 */
import { z } from 'zod';
import { inWeek, weekSchema } from './weekly.js';

export const ROLES = ['owner', 'manager', 'sales', 'front-desk'] as const;
export type Role = (typeof ROLES)[number];

export const memberIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and - (start with a letter, at most 40 characters), e.g. "maria"');

export const memberSchema = z
  .object({
    id: memberIdSchema,
    name: z.string().trim().min(1, 'give the member a name').max(80),
    role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
    /** Weekly shifts, local time of the device. A member with no shifts is never "on shift" (but can be named). */
    shifts: weekSchema,
    /** How the cloud side reaches them off the robot. */
    email: z.email('not an email address, e.g. maria@example.com').max(254).optional(),
    webhook: z
      .url({ protocol: /^https?$/, message: 'a webhook must be an http:// or https:// URL' })
      .max(2000)
      .optional(),
    /** Inactive members keep their history but get no assignments or notifications. */
    active: z.boolean().default(true),
  })
  .strict();
export type Member = z.output<typeof memberSchema>;
export type MemberInput = z.input<typeof memberSchema>;

export const peopleSchema = z
  .array(memberSchema)
  .max(200, 'at most 200 members')
  .superRefine((members, ctx) => {
    const seen = new Map<string, number>();
    const names = new Map<string, number>();
    members.forEach((m, i) => {
      const first = seen.get(m.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `member id "${m.id}" is already used by member ${first + 1}` });
      else seen.set(m.id, i);
      // Staff tap their name to log in, and changes are recorded by name: two people with one name cannot be told apart.
      const name = m.name.trim().toLowerCase();
      const firstName = names.get(name);
      if (firstName !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `"${m.name}" is already the name of member ${firstName + 1}: add a last name or an initial`,
        });
      else names.set(name, i);
    });
  });

/** Whether the member works at `at`, by their weekly shifts in the device's time zone. */
export function onShift(member: Member, at: Date, zone: string): boolean {
  return member.active && inWeek(member.shifts, at, zone);
}

/** Active members on shift at `at`, in the configured order. */
export function membersOnShift(members: readonly Member[], at: Date, zone: string): Member[] {
  return members.filter((m) => onShift(m, at, zone));
}

export function membersWithRole(members: readonly Member[], role: Role): Member[] {
  return members.filter((m) => m.active && m.role === role);
}
