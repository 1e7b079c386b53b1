/**
 * The business as the robot knows it: its name and texts, and the profile it answers questions from (the one
 * opening-hours schedule with holidays, address, parking, services with prices and synonyms, staff-written FAQ entries).
 */
import { z } from 'zod';
import { fromOldProfile, LONG_DAYS, mergeOldHours, oldProfileHolidaysSchema, oldProfileHoursSchema } from '../hours/legacy.js';
import { openingHoursObjectSchema, UNSET_HOURS } from '../hours/schedule.js';

/** The profile's old weekday names (the schedule's are mon ... sun). */
export const WEEKDAYS = LONG_DAYS;

export const businessProfileSchema = z
  .object({
    name: z.string().min(1).max(80).default('Luna Salon'),
    greeting: z.string().min(1).max(300).default('Hi, welcome to {business}! I can take your details so the right person gets back to you.'),
    attractText: z.string().min(1).max(200).default('Touch the screen to start'),
    farewell: z.string().min(1).max(300).default('Thank you! Someone from our team will be in touch soon.'),
    /** The language of the robot's words and of the consent text (BCP 47), recorded with each consent. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'use a language tag like en or en-GB')
      .default('en'),
    /**
     * The one weekly schedule with holidays and closures (device/hours/schedule.ts): what the robot tells visitors
     * and what follow-up tasks count their due times in. Unset: the robot does not talk about hours.
     */
    openingHours: openingHoursObjectSchema.optional(),
    /** Older files: the hours per weekday ({open, close} or null), read into `openingHours` (device/hours/legacy.ts). */
    hours: oldProfileHoursSchema.optional(),
    /** Older files: the named days that differ from the week, read into `openingHours`. */
    holidays: oldProfileHolidaysSchema.optional(),
    address: z.string().min(1).max(300).optional(),
    parking: z.string().min(1).max(300).optional(),
    services: z
      .array(
        z
          .object({
            name: z.string().min(1).max(80),
            /** As said: "$40", "from 60 euros". */
            price: z.string().min(1).max(80),
            synonyms: z.array(z.string().min(1).max(80)).max(20).default([]),
          })
          .strict(),
      )
      .max(100)
      .default([]),
    faq: z
      .array(
        z
          .object({
            /** Ways a visitor asks it: "do you take cards", "can I pay by card". */
            phrasings: z.array(z.string().min(3).max(200)).min(1).max(20),
            answer: z.string().min(1).max(500),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict()
  .transform(({ hours, holidays, openingHours, ...profile }, ctx) => {
    const old = fromOldProfile(hours, holidays);
    if (old && openingHours) {
      ctx.addIssue({
        code: 'custom',
        path: [hours && Object.keys(hours).length ? 'hours' : 'holidays'],
        message: 'the opening hours are now one schedule, openingHours; this has both: move the hours and holidays there and remove "hours" and "holidays"',
      });
      return z.NEVER;
    }
    return { ...profile, openingHours: openingHours ?? mergeOldHours(old, null) ?? UNSET_HOURS };
  });

export type BusinessProfile = z.output<typeof businessProfileSchema>;
