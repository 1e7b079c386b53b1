/**
 * The dialog's returning-visitor port (`ContactLookup`) over the CRM: a contact found by phone or email, as far as
 * they consented to be kept (the CRM returns nobody else). A failing lookup never stops a visit: the visitor is then
 * simply asked, as a new one would be.
 */
import type { CrmFieldValue } from '../crm/types.js';
import type { ContactLookup } from './dialog.js';
import type { FieldValue } from './fields.js';

/** What the lookup needs of the CRM (device/crm/service.ts CrmService.lookup). */
export interface ContactFinder {
  lookup(phoneOrEmail: string): { name: string; fields: Record<string, CrmFieldValue> } | null;
}

export function contactLookup(crm: ContactFinder, onError?: (err: unknown) => void): ContactLookup {
  return (key) => {
    try {
      const found = crm.lookup(key);
      if (!found) return null;
      const fields: Record<string, FieldValue> = {};
      for (const [id, v] of Object.entries(found.fields)) if (v !== null) fields[id] = v;
      return { name: found.name, fields };
    } catch (err) {
      onError?.(err);
      return null;
    }
  };
}
