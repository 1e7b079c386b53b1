/** Shared fixtures of the handoff unit tests: a salon team, a contact, and settings parsed the way the config is. */
import type { ContactSnapshot } from '../../device/handoff/snapshot.js';
import type { HandoffSettings, HandoffSettingsInput } from '../../device/handoff/settings.js';
import { handoffSettingsSchema } from '../../device/handoff/validate.js';

const weekdays = ['09:00-19:00'];
export const TEAM: HandoffSettingsInput['people'] = [
  { id: 'olga', name: 'Olga', role: 'owner' },
  { id: 'tom', name: 'Tom', role: 'manager', shifts: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } },
  { id: 'maria', name: 'Maria', role: 'sales', shifts: { mon: weekdays, tue: weekdays, wed: weekdays } },
  { id: 'sam', name: 'Sam', role: 'sales', shifts: { mon: weekdays, thu: weekdays, fri: weekdays } },
  { id: 'lee', name: 'Lee', role: 'front-desk', shifts: { sat: ['10:00-16:00'] } },
];

export function settings(over: Partial<HandoffSettingsInput> = {}): HandoffSettings {
  return handoffSettingsSchema.parse({ people: TEAM, ...over });
}

export function contact(over: Partial<ContactSnapshot> = {}): ContactSnapshot {
  return {
    id: 'c1',
    fields: { name: 'Jane Doe', phone: '+15551234567', reason: 'hair-coloring', consent: true },
    tags: ['hair-coloring'],
    source: { channel: 'kiosk-voice', campaign: null },
    stage: 'new-inquiry',
    score: 0,
    owner: null,
    consent: true,
    returning: false,
    ...over,
  };
}

export const VOCAB = {
  fields: [{ id: 'name' }, { id: 'phone' }, { id: 'email' }, { id: 'reason', choices: ['haircut', 'hair-coloring', 'styling', 'other'] }, { id: 'consent' }],
  stages: ['new-inquiry', 'marketing-qualified', 'sales-qualified', 'opportunity', 'customer', 'lost'],
  tags: ['hair-coloring', 'haircut', 'instagram'],
};
