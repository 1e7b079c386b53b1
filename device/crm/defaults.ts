/**
 * The CRM settings a new device starts with: the six stages of the issue with their agreed definitions, a taxonomy
 * that fits the default salon intake (device/config/schema.ts), and the usual reasons a lead is lost. Staff change
 * all of it on the settings screen.
 */
import type { CrmSettings } from './types.js';

export const DEFAULT_STAGES: CrmSettings['stages'] = [
  {
    id: 'new-inquiry',
    name: 'New inquiry',
    definition: 'Someone left their details with the robot and nobody has looked at them yet.',
    criteria: { fields: [], tags: [] },
  },
  {
    id: 'marketing-qualified',
    name: 'Marketing qualified',
    definition: 'We know how to reach them and they agreed to be contacted: worth a follow-up message.',
    criteria: { fields: ['consent'], tags: [] },
  },
  {
    id: 'sales-qualified',
    name: 'Sales qualified',
    definition: 'They want a service we offer and we have a phone number to call: a stylist should call them back.',
    criteria: { fields: ['phone'], tags: ['category:service'] },
  },
  {
    id: 'opportunity',
    name: 'Opportunity',
    definition: 'We spoke with them and a booking or quote is on the table.',
    criteria: { fields: ['phone'], tags: ['category:service'] },
  },
  {
    id: 'customer',
    name: 'Customer',
    definition: 'They booked and came in: the lead was won.',
    criteria: { fields: [], tags: [] },
  },
  {
    id: 'lost',
    name: 'Lost',
    definition: 'They will not book with us this time; the outcome says why.',
    criteria: { fields: [], tags: [] },
  },
];

export const DEFAULT_TAXONOMY: CrmSettings['taxonomy'] = [
  {
    id: 'service',
    name: 'Service interest',
    tags: [
      { id: 'haircut', name: 'Haircut', synonyms: ['hair cut', 'a cut', 'trim', 'cut'] },
      { id: 'hair-coloring', name: 'Hair coloring', synonyms: ['color', 'colour', 'color service', 'dye', 'highlights', 'balayage', 'tint'] },
      { id: 'styling', name: 'Styling', synonyms: ['blow dry', 'blowout', 'updo', 'style'] },
    ],
  },
  {
    id: 'campaign',
    name: 'How they heard (campaign)',
    tags: [
      { id: 'instagram', name: 'Instagram', synonyms: ['insta', 'ig'] },
      { id: 'google', name: 'Google', synonyms: ['google maps'] },
      { id: 'facebook', name: 'Facebook', synonyms: ['fb'] },
      { id: 'friend-referral', name: 'Friend referral', synonyms: ['friend', 'referral', 'referred', 'recommended', 'word of mouth', 'family'] },
      { id: 'walked-by', name: 'Walked by', synonyms: ['walking past', 'passing by', 'walk in', 'saw the sign', 'saw the shop'] },
      // The default form's other "how did you hear" answers (values search, social, other-source); a single word is
      // a synonym only where it says the campaign on its own ("online" alone does not: "I booked online").
      { id: 'online-search', name: 'Online search', synonyms: ['search', 'searched online', 'search engine', 'web search', 'internet'] },
      { id: 'social-media', name: 'Social media', synonyms: ['social', 'tiktok'] },
      { id: 'other-source', name: 'Other source', synonyms: ['elsewhere', 'somewhere else'] },
    ],
  },
  {
    id: 'preference',
    name: 'Preference',
    tags: [
      { id: 'weekend', name: 'Weekends', synonyms: ['saturday', 'sunday'] },
      { id: 'evening', name: 'Evenings', synonyms: ['after work', 'tonight'] },
      { id: 'morning', name: 'Mornings', synonyms: ['before work'] },
      { id: 'text-message', name: 'Prefers text messages', synonyms: ['text message', 'sms', 'whatsapp'] },
    ],
  },
];

export const DEFAULT_OUTCOME_REASONS: CrmSettings['outcomeReasons'] = [
  { id: 'price', name: 'Price' },
  { id: 'timing', name: 'Timing' },
  { id: 'went-elsewhere', name: 'Went elsewhere' },
  { id: 'not-a-fit', name: 'Not a fit' },
  { id: 'no-response', name: 'No response' },
];

export const DEFAULT_CRM_SETTINGS: CrmSettings = {
  stages: DEFAULT_STAGES,
  taxonomy: DEFAULT_TAXONOMY,
  outcomeReasons: DEFAULT_OUTCOME_REASONS,
  retention: { noConsentDays: 30 },
};

/** Stage ids the outcome moves a contact to. */
export const WON_STAGE = 'customer';
export const LOST_STAGE = 'lost';
