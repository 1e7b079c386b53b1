/**
 * The business profile the voice tests and benches answer questions from: hours with a closed Sunday, an address,
 * parking, the default form's services with prices and synonyms, and one staff-written FAQ entry.
 */
import { businessProfileSchema, type BusinessProfile } from '../../device/intake/business-schema.js';

export const SALON_PROFILE: BusinessProfile = businessProfileSchema.parse({
  hours: {
    monday: { open: '09:00', close: '18:00' },
    tuesday: { open: '09:00', close: '18:00' },
    wednesday: { open: '09:00', close: '18:00' },
    thursday: { open: '09:00', close: '20:00' },
    friday: { open: '09:00', close: '20:00' },
    saturday: { open: '10:00', close: '16:00' },
  },
  address: '12 Main Street, Springfield',
  parking: 'There is free parking behind the building.',
  services: [
    { name: 'Haircut', price: '$40', synonyms: ['cut', 'trim'] },
    { name: 'Hair coloring', price: 'from $90', synonyms: ['color', 'highlights'] },
    { name: 'Blow dry', price: '$35', synonyms: ['blowout', 'styling'] },
  ],
  faq: [{ phrasings: ['do you take cards', 'can I pay by card'], answer: 'Yes, we take all major cards.' }],
});
