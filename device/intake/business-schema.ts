/**
 * The business as the robot knows it: its name and texts, and the profile it answers questions from (hours per
 * weekday and holidays, address, parking, services with prices and synonyms, staff-written FAQ entries).
 */
import { z } from 'zod';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour time like 09:00 or 18:30');
/** One day's opening: from-to, or null when closed. */
const openingSchema = z
  .object({ open: clock, close: clock })
  .strict()
  .refine((o) => o.open < o.close, 'the opening time must be before the closing time')
  .nullable();

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const businessProfileSchema = z
  .object({
    name: z.string().min(1).max(80).default('Luna Salon'),
    greeting: z.string().min(1).max(300).default('Hi, welcome to Luna Salon! I can take your details so the right person gets back to you.'),
    attractText: z.string().min(1).max(200).default('Touch the screen to start'),
    farewell: z.string().min(1).max(300).default('Thank you! Someone from our team will be in touch soon.'),
    /** The language of the robot's words and of the consent text (BCP 47), recorded with each consent. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'use a language tag like en or en-GB')
      .default('en'),
    /** Opening hours per weekday; a day left out or null is closed. Empty: the robot does not talk about hours. */
    hours: z.partialRecord(z.enum(WEEKDAYS), openingSchema).default({}),
    /** Days that differ from the week: closed, or other hours. */
    holidays: z
      .array(
        z
          .object({
            date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-12-25'),
            name: z.string().min(1).max(80),
            hours: openingSchema.default(null),
          })
          .strict(),
      )
      .max(100)
      .default([]),
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
  .strict();

export type BusinessProfile = z.output<typeof businessProfileSchema>;
