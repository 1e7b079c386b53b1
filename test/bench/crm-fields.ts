/**
 * The crm bench's form beside the default one (test/bench/crm.ts generates the answers, crm-answered.ts filters on
 * them).
 */

/** Two questions of the salon's own beside the default form: free text and several choices (the answer filter's). */
export const BENCH_FIELDS = [
  { id: 'notes', kind: 'text', label: 'Anything we should know?', prompt: 'Anything we should know?', required: false },
  {
    id: 'extras',
    kind: 'multichoice',
    label: 'Anything else today?',
    prompt: 'Anything else today?',
    required: false,
    choices: ['wash', 'nails', 'beard', 'kids'].map((value) => ({ value, label: value[0]!.toUpperCase() + value.slice(1) })),
  },
] as const;
