/**
 * A held-out set for questions and requests for a person, kept apart from the fixtures (test/support/salon-profile.ts,
 * test/support/side-talk.ts): six other businesses (a clinic, a law office, a gym, a salon, a car repair shop, a
 * dentist), each with hours that have breaks and holidays, an address, parking, services with prices and synonyms
 * and FAQ entries in staff's own words, and the questions visitors ask them in their own words; ordinary answers
 * that must never be taken for a question or a request for a person; and the ways people ask for a human.
 *
 * Written as people say things, not from the matchers' word lists. Each item has the answer it wants as facts (a
 * price, an FAQ entry, the times of a day), so the judge does not depend on the wording of the robot's lines.
 * Two parts: `tuning` (the clinic, the law office, the gym, and half of the other lists) was looked at while the
 * matchers were improved; `check` (the salon, the garage, the dentist, the other half) was measured before and
 * after only (though its sentences were in view while the thesaurus was written); `blind` (a vet, an accountant, a
 * physiotherapist, more answers and requests) was written after the matchers were improved and measured once
 * before anything else changed.
 */
import { businessProfileSchema, type BusinessProfile } from '../../device/intake/business-schema.js';

export type Part = 'tuning' | 'check' | 'blind';

/** What a right answer holds. */
export type Want =
  | { hours: 'closed' }
  /** The times the answer must say ("8 AM", "5:30 PM"), as the robot says them. */
  | { hours: string[] }
  /** The week's hours (no day asked). */
  | { hours: 'week' }
  /** One service's price, by the service's name. */
  | { price: string }
  /** The list of prices. */
  | { prices: 'all' }
  /** The FAQ entry at this index. */
  | { faq: number }
  | 'address'
  | 'parking';

export interface HeldOutBusiness {
  id: string;
  part: Part;
  profile: BusinessProfile;
  /** The moment the questions are asked (the business's "today"). */
  now: Date;
  timezone: string;
  questions: { say: string; want: Want }[];
}

const profile = (p: unknown): BusinessProfile => businessProfileSchema.parse(p);
const WEEKDAY_BREAK = ['08:00-12:00', '13:00-17:30'];

export const HELD_OUT_BUSINESSES: HeldOutBusiness[] = [
  {
    id: 'clinic',
    part: 'tuning',
    timezone: 'America/Chicago',
    // Tuesday 8 December 2026, 09:30 in Chicago.
    now: new Date('2026-12-08T15:30:00Z'),
    profile: profile({
      name: 'Riverside Family Clinic',
      openingHours: {
        timezone: 'America/Chicago',
        week: { mon: WEEKDAY_BREAK, tue: WEEKDAY_BREAK, wed: WEEKDAY_BREAK, thu: WEEKDAY_BREAK, fri: WEEKDAY_BREAK, sat: ['09:00-12:00'] },
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve', hours: ['08:00-12:00'] },
          { date: '2026-12-25', name: 'Christmas' },
        ],
      },
      address: '410 Oak Avenue, Suite 2, Madison',
      parking: 'Free patient parking in the garage under the building; take a ticket and we validate it.',
      services: [
        { name: 'General consultation', price: '$95', synonyms: ['consultation', 'check-up', 'checkup', 'doctor visit'] },
        { name: 'Flu shot', price: '$30', synonyms: ['flu vaccine', 'flu jab', 'vaccination'] },
        { name: 'Blood test', price: '$45', synonyms: ['blood work', 'bloodwork', 'lab work'] },
        { name: 'Physical exam', price: '$120', synonyms: ['physical', 'annual physical', 'sports physical'] },
      ],
      faq: [
        {
          phrasings: ['Do you accept insurance?', 'Which insurance plans do you take?'],
          answer: 'We accept most major insurance plans, including Medicare. Please bring your card.',
        },
        { phrasings: ['Do I need an appointment?'], answer: 'Walk-ins are welcome in the mornings; afternoons are by appointment.' },
        { phrasings: ['Can I get my test results here?'], answer: "Test results are ready in two to three days; we'll call you." },
        { phrasings: ['Is there a pharmacy nearby?'], answer: "Yes, there's a pharmacy on the ground floor." },
      ],
    }),
    questions: [
      { say: 'are you open on Sunday', want: { hours: 'closed' } },
      { say: 'what time do you close today', want: { hours: ['5:30 PM'] } },
      { say: 'you guys open tomorrow?', want: { hours: ['8 AM', '5:30 PM'] } },
      { say: 'when do you open on the 24th', want: { hours: ['8 AM'] } },
      { say: 'are you open on Christmas', want: { hours: 'closed' } },
      { say: 'what are your hours on Saturday', want: { hours: ['9 AM', '12 PM'] } },
      { say: 'how late are you open today', want: { hours: ['5:30 PM'] } },
      { say: 'are you open right now', want: { hours: ['8 AM', '5:30 PM'] } },
      { say: 'what are your opening hours', want: { hours: 'week' } },
      { say: 'is the clinic open this Saturday', want: { hours: ['9 AM', '12 PM'] } },
      { say: 'how much for a check up', want: { price: 'General consultation' } },
      { say: 'what does a consultation cost', want: { price: 'General consultation' } },
      { say: 'how much is a flu shot', want: { price: 'Flu shot' } },
      { say: 'what do you charge for blood work', want: { price: 'Blood test' } },
      { say: 'how much would a physical be', want: { price: 'Physical exam' } },
      { say: "what's the price of a flu vaccine", want: { price: 'Flu shot' } },
      { say: 'what are your prices', want: { prices: 'all' } },
      { say: 'where is the clinic', want: 'address' },
      { say: "what's your address", want: 'address' },
      { say: 'how do I get to you', want: 'address' },
      { say: 'where do I park', want: 'parking' },
      { say: 'is parking free', want: 'parking' },
      { say: 'do you take walk-ins', want: { faq: 1 } },
      { say: 'can I just walk in without an appointment', want: { faq: 1 } },
      { say: 'do you take my insurance', want: { faq: 0 } },
      { say: 'do you accept Medicare', want: { faq: 0 } },
      { say: 'when will my results be ready', want: { faq: 2 } },
      { say: 'is there a drugstore close by', want: { faq: 3 } },
    ],
  },
  {
    id: 'law office',
    part: 'tuning',
    timezone: 'America/New_York',
    // Monday 7 December 2026, 10:00 in New York.
    now: new Date('2026-12-07T15:00:00Z'),
    profile: profile({
      name: 'Hart & Osei Law',
      openingHours: {
        timezone: 'America/New_York',
        week: {
          mon: ['09:00-12:30', '13:30-18:00'],
          tue: ['09:00-12:30', '13:30-18:00'],
          wed: ['09:00-12:30', '13:30-18:00'],
          thu: ['09:00-12:30', '13:30-18:00'],
          fri: ['09:00-15:00'],
        },
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve' },
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-12-31', name: "New Year's Eve", hours: ['09:00-12:00'] },
        ],
      },
      address: '88 Harbor Street, 5th floor, Portland',
      parking: 'Street parking is metered; the Harbor Street garage across the road is $3 an hour.',
      services: [
        { name: 'Initial consultation', price: '$150 for 45 minutes', synonyms: ['first meeting', 'consultation', 'consult', 'first appointment'] },
        { name: 'Will preparation', price: 'from $400', synonyms: ['will', 'wills', 'last will', 'estate planning'] },
        { name: 'Divorce filing', price: '$1,200 flat fee', synonyms: ['divorce', 'separation'] },
        { name: 'Document notarization', price: '$25 per document', synonyms: ['notary', 'notarizing'] },
      ],
      faq: [
        { phrasings: ['Do you offer free consultations?'], answer: 'The first 15 minutes on the phone are free; a full consultation is $150.' },
        { phrasings: ['Do you handle immigration cases?'], answer: 'Yes, Ms. Osei handles immigration and visa cases.' },
        { phrasings: ['Can I pay in installments?'], answer: 'Yes, we offer payment plans for fees over $500.' },
        { phrasings: ['What should I bring to my first meeting?'], answer: 'Bring a photo ID and any papers about your case.' },
      ],
    }),
    questions: [
      { say: 'are you open on Saturday', want: { hours: 'closed' } },
      { say: 'what time do you close on Friday', want: { hours: ['3 PM'] } },
      { say: 'are you open Christmas Eve', want: { hours: 'closed' } },
      { say: "are you guys open on new year's eve", want: { hours: ['9 AM', '12 PM'] } },
      { say: 'when do you open tomorrow', want: { hours: ['9 AM'] } },
      { say: 'what are your office hours', want: { hours: 'week' } },
      { say: 'are you open late on Thursday', want: { hours: ['6 PM'] } },
      { say: 'how much is a consultation', want: { price: 'Initial consultation' } },
      { say: 'what do you charge for a will', want: { price: 'Will preparation' } },
      { say: 'how much does a divorce cost', want: { price: 'Divorce filing' } },
      { say: 'how much to get something notarized', want: { price: 'Document notarization' } },
      { say: 'what are your fees', want: { prices: 'all' } },
      { say: 'is the first consultation free', want: { faq: 0 } },
      { say: 'do you do immigration', want: { faq: 1 } },
      { say: 'can you help with a visa', want: { faq: 1 } },
      { say: 'do you have payment plans', want: { faq: 2 } },
      { say: 'can I pay monthly', want: { faq: 2 } },
      { say: 'what documents do I need to bring', want: { faq: 3 } },
      { say: "where's your office", want: 'address' },
      { say: 'which floor are you on', want: 'address' },
      { say: 'where can I park', want: 'parking' },
      { say: 'is there a garage nearby', want: 'parking' },
    ],
  },
  {
    id: 'gym',
    part: 'tuning',
    timezone: 'America/Los_Angeles',
    // Saturday 12 December 2026, 08:00 in Los Angeles.
    now: new Date('2026-12-12T16:00:00Z'),
    profile: profile({
      name: 'Ironwood Fitness',
      openingHours: {
        timezone: 'America/Los_Angeles',
        week: {
          mon: ['05:30-22:00'],
          tue: ['05:30-22:00'],
          wed: ['05:30-22:00'],
          thu: ['05:30-22:00'],
          fri: ['05:30-22:00'],
          sat: ['07:00-20:00'],
          sun: ['08:00-18:00'],
        },
        holidays: [
          { date: '2026-12-25', name: 'Christmas Day', hours: ['10:00-14:00'] },
          { date: '2027-01-01', name: "New Year's Day" },
        ],
      },
      address: '2200 Mission Boulevard, San Jose',
      parking: 'Free parking in our own lot; overflow on level 2 of the mall garage.',
      services: [
        { name: 'Monthly membership', price: '$49 a month', synonyms: ['membership', 'monthly pass', 'gym membership'] },
        { name: 'Day pass', price: '$15', synonyms: ['drop-in', 'guest pass', 'single visit'] },
        { name: 'Personal training', price: '$70 per session', synonyms: ['personal trainer', 'PT', 'training session'] },
        { name: 'Yoga class', price: '$20 a class', synonyms: ['yoga', 'group class'] },
      ],
      faq: [
        { phrasings: ['Is there a joining fee?', 'Do I have to pay to sign up?'], answer: 'No joining fee this month.' },
        { phrasings: ['Do you have showers and lockers?'], answer: 'Yes, showers and lockers are in both changing rooms; bring your own lock.' },
        { phrasings: ['Can I cancel my membership any time?'], answer: "Yes, with 30 days' notice, no cancellation fee." },
        { phrasings: ['Do you have a pool?'], answer: 'No pool, sorry, but we have a sauna and a steam room.' },
        { phrasings: ['Is there childcare?'], answer: "Our kids' club looks after children aged 2 to 10 on weekday mornings." },
      ],
    }),
    questions: [
      { say: 'are you open on Sunday', want: { hours: ['8 AM', '6 PM'] } },
      { say: 'what time do you close tonight', want: { hours: ['8 PM'] } },
      { say: 'how early do you open on Monday', want: { hours: ['5:30 AM'] } },
      { say: 'are you open on Christmas', want: { hours: ['10 AM', '2 PM'] } },
      { say: "you open on new year's day?", want: { hours: 'closed' } },
      { say: 'what time do you open tomorrow', want: { hours: ['8 AM'] } },
      { say: 'what are the hours', want: { hours: 'week' } },
      { say: 'how much is a membership', want: { price: 'Monthly membership' } },
      { say: 'how much is a day pass', want: { price: 'Day pass' } },
      { say: "what's the price for personal training", want: { price: 'Personal training' } },
      { say: 'how much are yoga classes', want: { price: 'Yoga class' } },
      { say: 'is there a sign up fee', want: { faq: 0 } },
      { say: 'do you have lockers', want: { faq: 1 } },
      { say: 'can I take a shower after my workout', want: { faq: 1 } },
      { say: 'how do I cancel', want: { faq: 2 } },
      { say: 'is there a swimming pool', want: { faq: 3 } },
      { say: 'do you have daycare for kids', want: { faq: 4 } },
      { say: 'where are you', want: 'address' },
      { say: 'is there parking', want: 'parking' },
      { say: 'where should I leave my car', want: 'parking' },
    ],
  },
  {
    id: 'salon',
    part: 'check',
    timezone: 'Europe/London',
    // Wednesday 9 December 2026, 11:00 in London.
    now: new Date('2026-12-09T11:00:00Z'),
    profile: profile({
      name: 'Bloom Hair Studio',
      openingHours: {
        timezone: 'Europe/London',
        week: {
          tue: ['10:00-13:00', '14:00-19:00'],
          wed: ['10:00-13:00', '14:00-19:00'],
          thu: ['10:00-13:00', '14:00-19:00'],
          fri: ['10:00-13:00', '14:00-19:00'],
          sat: ['09:00-17:00'],
        },
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve', hours: ['09:00-14:00'] },
          { date: '2026-12-26', name: 'Boxing Day' },
        ],
      },
      address: "14 Queen's Road, Brighton",
      parking: "Pay and display on Queen's Road; the NCP car park is two minutes away.",
      services: [
        { name: "Women's cut and blow dry", price: '£55', synonyms: ["women's haircut", 'ladies cut', 'cut and blow dry'] },
        { name: "Men's cut", price: '£28', synonyms: ["men's haircut", 'gents cut', 'barber cut'] },
        { name: 'Full head colour', price: 'from £85', synonyms: ['colour', 'color', 'hair dye'] },
        { name: 'Balayage', price: 'from £140', synonyms: ['highlights', 'babylights'] },
        { name: 'Blow dry', price: '£30', synonyms: ['blowout', 'blow out'] },
      ],
      faq: [
        { phrasings: ['Do I need to book?', 'Can I book an appointment?'], answer: 'We take walk-ins when we can, but booking is best: call 01273 555 019.' },
        { phrasings: ['Do you do a patch test?'], answer: 'Yes, colour clients need a patch test 48 hours before.' },
        { phrasings: ['Do you sell hair products?'], answer: 'Yes, we stock Olaplex and Davines.' },
        { phrasings: ['Are you wheelchair accessible?'], answer: "Yes, we're step-free with an accessible toilet." },
      ],
    }),
    questions: [
      { say: 'are you open on Monday', want: { hours: 'closed' } },
      { say: 'what time do you close today', want: { hours: ['7 PM'] } },
      { say: 'you open Sunday?', want: { hours: 'closed' } },
      { say: 'when do you open on the 24th', want: { hours: ['9 AM'] } },
      { say: 'are you open on boxing day', want: { hours: 'closed' } },
      { say: 'what are your opening times', want: { hours: 'week' } },
      { say: 'what time do you open on Saturday', want: { hours: ['9 AM'] } },
      { say: "how much for a men's cut", want: { price: "Men's cut" } },
      { say: 'what does a colour cost', want: { price: 'Full head colour' } },
      { say: 'how much are highlights', want: { price: 'Balayage' } },
      { say: 'how much is a blow dry', want: { price: 'Blow dry' } },
      { say: 'price for a ladies haircut', want: { price: "Women's cut and blow dry" } },
      { say: 'do you take walk-ins', want: { faq: 0 } },
      { say: 'can I make an appointment', want: { faq: 0 } },
      { say: 'do I have to do a skin test before colouring', want: { faq: 1 } },
      { say: 'do you sell shampoo', want: { faq: 2 } },
      { say: 'can I get in with a wheelchair', want: { faq: 3 } },
      { say: 'where are you based', want: 'address' },
      { say: "where's the nearest car park", want: 'parking' },
      { say: 'how do I find you', want: 'address' },
    ],
  },
  {
    id: 'garage',
    part: 'check',
    timezone: 'America/Denver',
    // Thursday 10 December 2026, 07:45 in Denver.
    now: new Date('2026-12-10T14:45:00Z'),
    profile: profile({
      name: 'Dalton Auto Care',
      openingHours: {
        timezone: 'America/Denver',
        week: {
          mon: ['07:30-17:30'],
          tue: ['07:30-17:30'],
          wed: ['07:30-17:30'],
          thu: ['07:30-17:30'],
          fri: ['07:30-17:30'],
          sat: ['08:00-12:00'],
        },
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve', hours: ['07:30-12:00'] },
          { date: '2026-12-25', name: 'Christmas' },
        ],
      },
      address: '5150 Industrial Way, Boulder',
      parking: 'Park in any bay marked Customer in front of the shop.',
      services: [
        { name: 'Oil change', price: '$49.99', synonyms: ['oil and filter', 'lube'] },
        { name: 'Brake pads', price: 'from $180 per axle', synonyms: ['brakes', 'brake job', 'brake repair'] },
        { name: 'State inspection', price: '$35', synonyms: ['inspection', 'emissions test', 'smog check'] },
        { name: 'Tire rotation', price: '$25', synonyms: ['tyre rotation', 'rotate tires'] },
        { name: 'Diagnostic check', price: '$95', synonyms: ['diagnostic', 'check engine light', 'diagnosis'] },
      ],
      faq: [
        { phrasings: ['Do you offer a loaner car?', 'Can I get a courtesy car?'], answer: 'We have two loaner cars; book one when you book the repair.' },
        { phrasings: ['How long does an oil change take?'], answer: 'About 30 minutes, while you wait.' },
        { phrasings: ['Do you work on electric cars?'], answer: 'Yes, our technicians are certified for hybrids and EVs.' },
        { phrasings: ['Is there a warranty on repairs?'], answer: 'All repairs carry a 12-month, 12,000-mile warranty.' },
      ],
    }),
    questions: [
      { say: 'are you open on Sunday', want: { hours: 'closed' } },
      { say: 'what time do you open tomorrow', want: { hours: ['7:30 AM'] } },
      { say: 'you guys open Saturday', want: { hours: ['8 AM', '12 PM'] } },
      { say: 'when do you close on the 24th', want: { hours: ['12 PM'] } },
      { say: 'are you open Christmas day', want: { hours: 'closed' } },
      { say: 'what are your business hours', want: { hours: 'week' } },
      { say: 'how late are you open tonight', want: { hours: ['5:30 PM'] } },
      { say: 'how much is an oil change', want: { price: 'Oil change' } },
      { say: 'what do you charge for brakes', want: { price: 'Brake pads' } },
      { say: 'how much for an inspection', want: { price: 'State inspection' } },
      { say: 'what does a diagnostic cost', want: { price: 'Diagnostic check' } },
      { say: 'how much to rotate my tires', want: { price: 'Tire rotation' } },
      { say: 'can I borrow a car while mine is being fixed', want: { faq: 0 } },
      { say: 'do you give loaners', want: { faq: 0 } },
      { say: 'how long will the oil change take', want: { faq: 1 } },
      { say: 'do you fix hybrids', want: { faq: 2 } },
      { say: 'do you guarantee your work', want: { faq: 3 } },
      { say: "where's the shop", want: 'address' },
      { say: 'where do I park', want: 'parking' },
      { say: "what's the address", want: 'address' },
    ],
  },
  {
    id: 'dentist',
    part: 'check',
    timezone: 'America/Toronto',
    // Friday 11 December 2026, 14:00 in Toronto.
    now: new Date('2026-12-11T19:00:00Z'),
    profile: profile({
      name: 'Maple Dental',
      openingHours: {
        timezone: 'America/Toronto',
        week: {
          mon: ['08:00-12:00', '13:00-19:00'],
          tue: ['08:00-12:00', '13:00-17:00'],
          wed: ['08:00-12:00', '13:00-19:00'],
          thu: ['08:00-12:00', '13:00-17:00'],
          fri: ['08:00-14:00'],
        },
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve' },
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-12-28', name: 'Boxing Day holiday' },
        ],
      },
      address: '301 Maple Street, Unit 4, Toronto',
      parking: 'There are six free spots behind the building; the entrance is off Birch Lane.',
      services: [
        { name: 'Check-up and cleaning', price: '$180', synonyms: ['cleaning', 'checkup', 'check up', 'hygiene appointment'] },
        { name: 'Filling', price: 'from $150', synonyms: ['fillings', 'cavity'] },
        { name: 'Teeth whitening', price: '$399', synonyms: ['whitening', 'bleaching'] },
        { name: 'Emergency visit', price: '$120', synonyms: ['emergency', 'toothache'] },
        { name: 'Root canal', price: 'from $900' },
      ],
      faq: [
        { phrasings: ['Do you take new patients?'], answer: "Yes, we're welcoming new patients." },
        { phrasings: ['Do you bill my insurance directly?'], answer: 'Yes, we bill most insurers directly.' },
        { phrasings: ['Do you see children?'], answer: 'Yes, kids are welcome from age 3.' },
        { phrasings: ['What if I have a dental emergency?'], answer: 'Call us: we keep same-day slots for emergencies.' },
      ],
    }),
    questions: [
      { say: 'are you open on Saturday', want: { hours: 'closed' } },
      { say: 'what time do you close today', want: { hours: ['2 PM'] } },
      { say: 'you guys open Monday', want: { hours: ['8 AM', '7 PM'] } },
      { say: 'are you open on the 28th', want: { hours: 'closed' } },
      { say: 'when do you open on Monday', want: { hours: ['8 AM'] } },
      { say: 'what are your hours', want: { hours: 'week' } },
      { say: 'how much for a filling', want: { price: 'Filling' } },
      { say: 'how much is a cleaning', want: { price: 'Check-up and cleaning' } },
      { say: 'what does whitening cost', want: { price: 'Teeth whitening' } },
      { say: 'how much is a root canal', want: { price: 'Root canal' } },
      { say: 'how much do you charge for an emergency visit', want: { price: 'Emergency visit' } },
      { say: 'are you accepting new patients', want: { faq: 0 } },
      { say: 'can you bill my insurance', want: { faq: 1 } },
      { say: 'do you treat kids', want: { faq: 2 } },
      { say: 'what do I do if I have a toothache', want: { faq: 3 } },
      { say: 'where are you located', want: 'address' },
      { say: 'is there parking', want: 'parking' },
    ],
  },

  {
    id: 'vet',
    part: 'blind',
    timezone: 'America/Phoenix',
    // Wednesday 16 December 2026, 16:30 in Phoenix.
    now: new Date('2026-12-16T23:30:00Z'),
    profile: profile({
      name: 'Pawsitive Vet',
      openingHours: {
        timezone: 'America/Phoenix',
        week: {
          mon: ['08:00-12:00', '14:00-18:00'],
          tue: ['08:00-12:00', '14:00-18:00'],
          wed: ['08:00-12:00', '14:00-18:00'],
          thu: ['08:00-12:00', '14:00-18:00'],
          fri: ['08:00-12:00', '14:00-18:00'],
          sat: ['09:00-13:00'],
        },
        holidays: [
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-12-31', name: "New Year's Eve", hours: ['08:00-12:00'] },
        ],
      },
      address: '77 Cactus Road, Tempe',
      parking: 'Our lot is shared with the bakery next door; spaces by the door are for pets in a hurry.',
      services: [
        { name: 'Wellness exam', price: '$65', synonyms: ['check-up', 'checkup', 'annual exam', 'wellness visit'] },
        { name: 'Vaccinations', price: '$35 per shot', synonyms: ['vaccines', 'shots', 'rabies shot', 'booster'] },
        { name: 'Dental cleaning', price: '$250', synonyms: ['teeth cleaning', 'dental'] },
        { name: 'Spay or neuter', price: 'from $300', synonyms: ['spay', 'neuter', 'neutering', 'spaying'] },
        { name: 'Microchip', price: '$45', synonyms: ['microchipping', 'chip'] },
      ],
      faq: [
        { phrasings: ['Do you see exotic pets?'], answer: 'Yes: rabbits, birds and reptiles, with Dr. Ruiz on Tuesdays.' },
        { phrasings: ['Do you handle emergencies after hours?'], answer: 'After hours, call the Valley Animal ER at 480 555 0100.' },
        { phrasings: ['Can I bring my dog without an appointment?'], answer: 'We see walk-ins for urgent cases; for everything else please book.' },
        { phrasings: ['Do you board animals?'], answer: 'Yes, boarding is $40 a night for dogs and $25 for cats.' },
      ],
    }),
    questions: [
      { say: 'are you open saturdays', want: { hours: ['9 AM', '1 PM'] } },
      { say: 'what time do you guys close', want: { hours: ['6 PM'] } },
      { say: "do you open on new year's eve", want: { hours: ['8 AM'] } },
      { say: 'is the vet open on christmas', want: { hours: 'closed' } },
      { say: 'when do you open on monday morning', want: { hours: ['8 AM'] } },
      { say: 'what are your hours this week', want: { hours: 'week' } },
      { say: 'how much is a checkup for my cat', want: { price: 'Wellness exam' } },
      { say: 'how much are the rabies shots', want: { price: 'Vaccinations' } },
      { say: "what's the cost to get my dog neutered", want: { price: 'Spay or neuter' } },
      { say: 'how much do you charge to microchip a puppy', want: { price: 'Microchip' } },
      { say: 'what does a teeth cleaning cost for a dog', want: { price: 'Dental cleaning' } },
      { say: 'do you treat rabbits', want: { faq: 0 } },
      { say: 'what if my dog gets sick at night', want: { faq: 1 } },
      { say: 'can I just drop in with my dog', want: { faq: 2 } },
      { say: 'do you do boarding', want: { faq: 3 } },
      { say: "can my cat stay with you while I'm on vacation", want: { faq: 3 } },
      { say: 'where is your clinic', want: 'address' },
      { say: 'where do I park my car', want: 'parking' },
      { say: 'how do I get there from the highway', want: 'address' },
    ],
  },
  {
    id: 'accountant',
    part: 'blind',
    timezone: 'America/Chicago',
    // Monday 14 December 2026, 11:15 in Chicago.
    now: new Date('2026-12-14T17:15:00Z'),
    profile: profile({
      name: 'Lee & Grant Tax Services',
      openingHours: {
        timezone: 'America/Chicago',
        week: {
          mon: ['09:00-12:00', '13:00-17:00'],
          tue: ['09:00-12:00', '13:00-17:00'],
          wed: ['09:00-12:00', '13:00-17:00'],
          thu: ['09:00-12:00', '13:00-17:00'],
          fri: ['09:00-12:00', '13:00-17:00'],
          sat: ['10:00-14:00'],
        },
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve', hours: ['09:00-12:00'] },
          { date: '2026-12-25', name: 'Christmas' },
          { date: '2027-01-01', name: "New Year's Day" },
        ],
      },
      address: '1200 Commerce Street, Suite 310, Dallas',
      parking: 'Validated parking in the Commerce Street garage; bring your ticket up to the front desk.',
      services: [
        { name: 'Individual tax return', price: 'from $199', synonyms: ['tax return', 'taxes', '1040', 'personal taxes'] },
        { name: 'Business tax return', price: 'from $650', synonyms: ['business taxes', 'corporate return', 'company taxes'] },
        { name: 'Bookkeeping', price: '$300 a month', synonyms: ['books', 'bookkeeping service'] },
        { name: 'Tax consultation', price: '$90', synonyms: ['consultation', 'tax advice'] },
        { name: 'IRS letter help', price: '$150', synonyms: ['irs notice', 'audit help', 'audit'] },
      ],
      faq: [
        { phrasings: ['What documents do I need for my tax return?'], answer: "Bring last year's return, your W-2s or 1099s, and receipts for deductions." },
        { phrasings: ['Can you file my taxes electronically?'], answer: 'Yes, we e-file every return at no extra cost.' },
        { phrasings: ['How long does it take to get my refund?'], answer: 'Most e-filed refunds arrive within three weeks.' },
        { phrasings: ['Do you work with small businesses?'], answer: 'Yes, about half our clients are small businesses and sole traders.' },
      ],
    }),
    questions: [
      { say: 'are you open this saturday', want: { hours: ['10 AM', '2 PM'] } },
      { say: 'open on christmas eve?', want: { hours: ['9 AM', '12 PM'] } },
      { say: 'until what time are you open today', want: { hours: ['5 PM'] } },
      { say: "are you guys open on new year's day", want: { hours: 'closed' } },
      { say: 'how much do you charge for taxes', want: { price: 'Individual tax return' } },
      { say: "what's the price for doing my business taxes", want: { price: 'Business tax return' } },
      { say: 'how much is bookkeeping per month', want: { price: 'Bookkeeping' } },
      { say: 'how much does it cost if I got an audit', want: { price: 'IRS letter help' } },
      { say: 'what do I need to bring for my taxes', want: { faq: 0 } },
      { say: 'do you e-file', want: { faq: 1 } },
      { say: 'when will I get my refund', want: { faq: 2 } },
      { say: 'do you do taxes for small businesses', want: { faq: 3 } },
      { say: "where's your office located", want: 'address' },
      { say: 'what suite are you in', want: 'address' },
      { say: 'do you validate parking', want: 'parking' },
      { say: 'is there somewhere to park', want: 'parking' },
    ],
  },
  {
    id: 'physio',
    part: 'blind',
    timezone: 'Australia/Sydney',
    // Thursday 17 December 2026, 09:00 in Sydney.
    now: new Date('2026-12-16T22:00:00Z'),
    profile: profile({
      name: 'Core Physio',
      openingHours: {
        timezone: 'Australia/Sydney',
        week: { mon: ['07:00-19:00'], tue: ['07:00-19:00'], wed: ['07:00-19:00'], thu: ['07:00-19:00'], fri: ['07:00-15:00'], sat: ['08:00-12:00'] },
        holidays: [
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-12-26', name: 'Boxing Day' },
          { date: '2026-12-28', name: 'Boxing Day public holiday' },
        ],
      },
      address: '3/45 Bay Street, Bondi',
      parking: 'Two-hour street parking on Bay Street; the Coles car park is free for two hours.',
      services: [
        { name: 'Initial assessment', price: '$120', synonyms: ['first appointment', 'assessment', 'initial consult'] },
        { name: 'Follow-up session', price: '$95', synonyms: ['follow up', 'treatment session', 'session'] },
        { name: 'Remedial massage', price: '$110', synonyms: ['massage', 'sports massage', 'deep tissue'] },
        { name: 'Dry needling', price: '$60 add-on', synonyms: ['needling', 'acupuncture'] },
      ],
      faq: [
        { phrasings: ['Do I need a referral?'], answer: 'No referral needed; with a GP care plan you get a Medicare rebate.' },
        { phrasings: ['Do you have HICAPS?'], answer: 'Yes, claim on the spot with your private health fund card.' },
        { phrasings: ['What should I wear?'], answer: 'Wear loose clothes or bring shorts.' },
        { phrasings: ['Is there a cancellation fee?'], answer: "Cancel with less than 24 hours' notice and we charge half the fee." },
      ],
    }),
    questions: [
      { say: 'are you open tomorrow', want: { hours: ['7 AM', '3 PM'] } },
      { say: 'what time do you open on saturday', want: { hours: ['8 AM'] } },
      { say: 'open sunday?', want: { hours: 'closed' } },
      { say: 'are you open on boxing day', want: { hours: 'closed' } },
      { say: 'how late are you open on fridays', want: { hours: ['3 PM'] } },
      { say: 'how much is the first appointment', want: { price: 'Initial assessment' } },
      { say: 'how much is a massage', want: { price: 'Remedial massage' } },
      { say: 'what does a follow up cost', want: { price: 'Follow-up session' } },
      { say: 'how much extra for dry needling', want: { price: 'Dry needling' } },
      { say: "do I need a doctor's referral", want: { faq: 0 } },
      { say: 'can I claim on my health insurance', want: { faq: 1 } },
      { say: 'what do I wear to my appointment', want: { faq: 2 } },
      { say: 'what happens if I cancel late', want: { faq: 3 } },
      { say: 'where are you guys', want: 'address' },
      { say: 'any parking around here', want: 'parking' },
      { say: 'is the parking free', want: 'parking' },
    ],
  },
];

/**
 * Ordinary answers, at the prompt they answer: never a question, never a request for a person, whatever the
 * business (each is tried against every profile: "Grace Park" at a business with parking).
 */
export const ORDINARY_ANSWERS: { say: string; at: string; part: Part }[] = [
  { say: 'my name is Grace Park', at: 'name', part: 'tuning' },
  { say: 'Tom Price', at: 'name', part: 'tuning' },
  { say: "it's Sunday Adebayo", at: 'name', part: 'tuning' },
  { say: 'Ruby Church', at: 'name', part: 'tuning' },
  { say: 'grace.park@gmail.com', at: 'email', part: 'tuning' },
  { say: 'tom at price law dot com', at: 'email', part: 'tuning' },
  { say: 'five five five zero one nine eight', at: 'phone', part: 'tuning' },
  { say: "I'm here for a haircut", at: 'reason', part: 'tuning' },
  { say: 'my lawyer told me to come', at: 'reason', part: 'tuning' },
  { say: "I'd like to see a person about my tax return", at: 'reason', part: 'tuning' },
  { say: 'I need a filling', at: 'reason', part: 'tuning' },
  { say: 'my car is making a grinding noise when I brake', at: 'reason', part: 'tuning' },
  { say: 'I got a parking ticket and I want to fight it', at: 'reason', part: 'tuning' },
  { say: 'I want to cancel my membership', at: 'reason', part: 'tuning' },
  { say: 'a consultation about a divorce', at: 'reason', part: 'tuning' },
  { say: "I'd like to book an appointment", at: 'reason', part: 'tuning' },
  { say: 'I need a lawyer for my divorce', at: 'reason', part: 'tuning' },
  { say: 'I want a personal trainer', at: 'reason', part: 'tuning' },
  { say: "I'd like to see a doctor today", at: 'reason', part: 'tuning' },
  { say: 'can I get a flu shot', at: 'reason', part: 'tuning' },
  { say: 'a friend told me', at: 'heard', part: 'tuning' },
  { say: 'I saw your sign when I was parking', at: 'heard', part: 'tuning' },
  { say: 'my manager recommended you', at: 'heard', part: 'tuning' },
  { say: 'walked past on Sunday', at: 'heard', part: 'tuning' },
  { say: 'text me', at: 'contact', part: 'tuning' },
  { say: 'call me in the afternoon', at: 'contact', part: 'tuning' },
  { say: 'next Tuesday at three', at: 'date', part: 'tuning' },
  { say: 'yes', at: 'consent', part: 'tuning' },
  { say: 'no my name is Grace', at: 'confirm', part: 'tuning' },
  { say: "I'm open to anything", at: 'reason', part: 'tuning' },
  { say: 'my name is Rose Hart', at: 'name', part: 'check' },
  { say: 'Daniel Person', at: 'name', part: 'check' },
  { say: 'Carmen Booker', at: 'name', part: 'check' },
  { say: 'lee at dalton auto dot com', at: 'email', part: 'check' },
  { say: 'four one six five five five two two one nine', at: 'phone', part: 'check' },
  { say: 'teeth cleaning', at: 'reason', part: 'check' },
  { say: 'an oil change', at: 'reason', part: 'check' },
  { say: 'my check engine light is on', at: 'reason', part: 'check' },
  { say: "I'm here to see Doctor Patel", at: 'reason', part: 'check' },
  { say: 'I need help with my car', at: 'reason', part: 'check' },
  { say: 'someone hit my car in the parking lot', at: 'reason', part: 'check' },
  { say: "I'm closing on a house next week and need a will", at: 'reason', part: 'check' },
  { say: 'a member of staff told me to come in', at: 'heard', part: 'check' },
  { say: "I'm meeting someone here at two", at: 'reason', part: 'check' },
  { say: 'the receptionist at my old dentist recommended you', at: 'heard', part: 'check' },
  { say: 'I want highlights and a trim', at: 'reason', part: 'check' },
  { say: 'I would like to join the gym', at: 'reason', part: 'check' },
  { say: 'Saturday morning works best', at: 'date', part: 'check' },
  { say: 'I work until six so after that', at: 'contact', part: 'check' },
  { say: 'email is best', at: 'contact', part: 'check' },
  { say: 'no thanks', at: 'consent', part: 'check' },
  { say: "yes that's right", at: 'confirm', part: 'check' },
  { say: 'my son needs a sports physical', at: 'reason', part: 'check' },
  { say: 'my tooth hurts', at: 'reason', part: 'check' },
  { say: 'Instagram', at: 'heard', part: 'check' },
  ...[
    ['my name is Hope Lee', 'name'],
    ['Holly Day', 'name'],
    ['Will Grant', 'name'],
    ["it's Dawn Parker", 'name'],
    ['will at grant tax dot com', 'email'],
    ['six one two five five five zero one four four', 'phone'],
    ['my dog is limping', 'reason'],
    ['I need my taxes done', 'reason'],
    ["I'd like a massage for my back", 'reason'],
    ['my knee hurts after running', 'reason'],
    ['I want to get my cat spayed', 'reason'],
    ["I'm here for my two o'clock with Doctor Ruiz", 'reason'],
    ['someone from my work recommended you for my taxes', 'heard'],
    ['my accountant retired so I need a new one', 'reason'],
    ["I'm here to pick up my dog", 'reason'],
    ['the doctor said I need physio', 'reason'],
    ['I want a quote for bookkeeping', 'reason'],
    ['my neighbour', 'heard'],
    ['driving by', 'heard'],
    ['the front desk at the hospital gave me your card', 'heard'],
    ['my boss sent me', 'heard'],
    ['the owner of the cafe next door', 'heard'],
    ["I'm open most afternoons", 'date'],
    ["I'd like to speak to someone about my taxes", 'reason'],
    ['my insurance is Blue Cross', 'reason'],
    ["I don't have insurance", 'reason'],
    ['email me please', 'contact'],
    ['yep', 'confirm'],
    ["nope that's wrong", 'confirm'],
    ['sure go ahead', 'consent'],
  ].map(([say, at]) => ({ say: say!, at: at!, part: 'blind' as const })),
];

/** Ways people ask for a human. */
export const PERSON_REQUESTS: { say: string; part: Part }[] = [
  ...[
    'can I speak to someone',
    'is there a real person',
    'get me the manager',
    "I'd rather talk to a human",
    'can I talk to a person please',
    'I want to speak to a human being',
    'could I speak with a receptionist',
    'is anyone working here',
    'is there a human I can talk to',
    'let me speak to your manager',
    'I need to talk to a real person',
    'can you get someone for me',
    'can you call somebody over',
    "I'd prefer to speak with a staff member",
    'put me through to a person',
    'connect me with someone',
    'transfer me to a human',
    'I want a real person',
    'human',
    'real person please',
    'agent',
  ].map((say) => ({ say, part: 'tuning' as const })),
  ...[
    'someone please',
    'can a person help me',
    'I need a human',
    'can I get some help from a person',
    'talk to someone',
    "I'd rather deal with a person",
    'can somebody come out here',
    'could you call the front desk',
    "I'd like to speak to whoever is in charge",
    'is there somebody I could talk to',
    'can I see the manager please',
    'get me someone who works here',
    "I don't want a robot I want a person",
    'no robots a human please',
    'I want to talk to an actual person',
    'could a staff member come help me',
    'may I speak with someone from the office',
    'please get a human',
    "I'd like to talk to a live person",
    'is there a person here',
    'are there any staff around',
  ].map((say) => ({ say, part: 'check' as const })),
  ...[
    "I'd like to talk to one of your staff",
    'can I please talk to a real human',
    'is there someone at the front desk',
    'could you get a person for me please',
    "I'd feel better talking to a person",
    'put a human on',
    'where is the receptionist',
    'can somebody help me out here',
    'let me talk to a human',
    'I need a real person to help me',
    'speak to a person',
    'can I chat with someone',
    'is a human available',
    'I prefer speaking to people',
    'get someone please',
    'call the manager please',
    'I want the receptionist',
    'talk to a real person',
    'can you send someone out',
    'is anybody there',
  ].map((say) => ({ say, part: 'blind' as const })),
];

/** Whether `answer` (the robot's reply, or null for none) is what `want` asks for. */
export function answeredRight(answer: string | null, want: Want, p: BusinessProfile): boolean {
  if (answer === null) return false;
  if (want === 'address') return p.address !== undefined && answer.includes(p.address);
  if (want === 'parking') return answer === p.parking;
  if ('faq' in want) return answer === p.faq[want.faq]!.answer;
  if ('prices' in want) return p.services.every((s) => answer.includes(s.price));
  if ('price' in want) {
    const s = p.services.find((x) => x.name === want.price)!;
    return answer.includes(s.name) && answer.includes(s.price) && p.services.every((o) => o === s || !answer.includes(o.price) || o.price === s.price);
  }
  if (want.hours === 'closed') return /\bclosed\b/i.test(answer) && !/\d/.test(answer.replace(/\b\d+(st|nd|rd|th)\b/g, ''));
  if (want.hours === 'week') return (answer.match(/\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g) ?? []).length >= 2;
  return !/\bclosed\b/i.test(answer) && want.hours.every((t) => new RegExp(`(^|\\D)${t.replace(':', ':')}`).test(answer));
}
