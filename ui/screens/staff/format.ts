/** Dates and values as staff read them: local time, short month names, plain words for yes/no and lists. */
import type { Actor, CrmFieldValue } from '../../../device/http/contract.js';

export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString([], { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function day(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });
}

export function fieldText(value: CrmFieldValue | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
}

/** A field id as a label: 'preferred_time' -> 'Preferred time'. */
export function fieldLabel(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A question's screen label as staff read it about someone else: the form speaks to the visitor ("Your name"), the
 * contact's page is about them ("Name").
 */
export function staffLabel(label: string): string {
  const rest = label.replace(/^your\s+/i, '');
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : label;
}

export function actorName(by: Actor): string {
  return by.kind === 'robot' ? `${by.name} (robot)` : by.kind === 'rule' ? `${by.name} (rule)` : by.name;
}

const CHANNELS: Record<string, string> = {
  'kiosk-voice': 'Kiosk, by voice',
  'kiosk-touch': 'Kiosk, by touch',
  simulate: 'Simulation',
  staff: 'Added by staff',
  import: 'Imported',
};

export function channelLabel(channel: string): string {
  return CHANNELS[channel] ?? channel;
}

export const CHANNEL_IDS = Object.keys(CHANNELS);

/** Words staff read beside a value the visitor never confirmed (a partial lead's phone said once): check it when calling. */
export const UNCONFIRMED_TEXT = 'Not confirmed — heard by voice, never read back to the visitor. Check it when you call.';

/** A stage the settings no longer have (removed through the config file or a cloud update), as the runtime names it (device/crm/stage-names.ts). */
export const removedStageName = (id: string): string => `Removed stage (${id})`;
