/**
 * The robot's lines as staff see them on "What the robot says": each line of the messages module (./messages.ts) in a
 * group with a plain title, and what each {placeholder} stands for, in words a receptionist knows. Data only: the
 * staff route serves it, the screen draws it. A line missing here still shows (under "Other lines", by its key); a
 * test keeps that group empty.
 */
import { ANSWER_PLACEHOLDERS_REQUIRED, defaultMessages } from './messages.js';
import { FIELD_KINDS, FIELD_TYPES } from './types/index.js';

export interface MessageGroup {
  id: string;
  title: string;
  /** One sentence under the group's title: when these lines are said or shown. */
  about: string;
}

export const MESSAGE_GROUPS: readonly MessageGroup[] = [
  { id: 'welcome', title: 'Greeting and goodbye', about: 'The first and last things a visitor hears.' },
  { id: 'returning', title: 'Visitors who came before', about: 'When the robot recognises a visitor and checks what it remembers.' },
  { id: 'understand', title: 'When the robot did not understand', about: 'Said when an answer was not heard, or not clear, before asking again.' },
  { id: 'spelling', title: 'Spelling a name or an email', about: 'When the robot asks the visitor to spell something letter by letter.' },
  { id: 'readback', title: 'Reading back what it heard', about: 'At the end, the robot reads the answers back so the visitor can correct them.' },
  { id: 'answers', title: 'Answers to questions (hours, prices, address)', about: 'How the robot answers from the business profile.' },
  { id: 'days', title: 'Days of the week (in answers)', about: 'The names of the days, as the robot says them in its answers about opening hours.' },
  { id: 'person', title: 'Handing over to a person', about: 'When a visitor asks for someone from the team.' },
  { id: 'finish', title: 'Finishing the visit', about: 'When details are missing at the end, or the visitor does not want them kept.' },
  { id: 'screen', title: 'Messages on the screen about an answer', about: 'Shown (and said) when an answer cannot be used as it is.' },
  { id: 'other', title: 'Other lines', about: 'Lines without a group yet.' },
];

/** Each dialog and answer line: its group and a title that says when it is used. */
const LINES: Readonly<Record<string, { group: string; title: string }>> = {
  greeting: { group: 'welcome', title: 'Greeting (the first thing the robot says)' },
  farewell: { group: 'welcome', title: 'Farewell (after the details are sent)' },
  goodbye: { group: 'welcome', title: 'Goodbye (the very last words)' },
  returning: { group: 'returning', title: 'Welcome back, with the name' },
  returningNoName: { group: 'returning', title: 'Welcome back, no name known' },
  returningCheck: { group: 'returning', title: 'Checking what it remembers' },
  'returningItem.name': { group: 'returning', title: 'Remembered name (as said in the check)' },
  'returningItem.email': { group: 'returning', title: 'Remembered email (as said in the check)' },
  'returningItem.phone': { group: 'returning', title: 'Remembered phone (as said in the check)' },
  'returningItem.choice': { group: 'returning', title: 'Remembered choice (as said in the check)' },
  'returningItem.other': { group: 'returning', title: 'Any other remembered answer' },
  silence: { group: 'understand', title: 'Heard nothing' },
  'reprompt.default': { group: 'understand', title: 'Did not understand (any question)' },
  'reprompt.phone': { group: 'understand', title: 'Did not understand a phone number' },
  'reprompt.email': { group: 'understand', title: 'Did not understand an email' },
  'reprompt.choice': { group: 'understand', title: 'Did not understand a choice' },
  'reprompt.multichoice': { group: 'understand', title: 'Did not understand a choice of several' },
  'reprompt.yesno': { group: 'understand', title: 'Did not understand a yes or no' },
  'reprompt.consent': { group: 'understand', title: 'Did not understand the consent answer' },
  'reprompt.number': { group: 'understand', title: 'Did not understand a number' },
  'reprompt.numberBetween': { group: 'understand', title: 'A number outside its limits' },
  'reprompt.numberAtLeast': { group: 'understand', title: 'A number too small' },
  'reprompt.numberAtMost': { group: 'understand', title: 'A number too large' },
  'reprompt.dateYears': { group: 'understand', title: 'A date outside the years allowed' },
  'reprompt.date': { group: 'understand', title: 'Did not understand a date' },
  'reprompt.datetime': { group: 'understand', title: 'Did not understand a date and time' },
  yesAgain: { group: 'understand', title: 'Not sure it heard a yes' },
  leftToScreen: { group: 'understand', title: 'Giving up on a question (left for the screen)' },
  skipped: { group: 'understand', title: 'Visitor skips a question' },
  cannotSkip: { group: 'understand', title: 'Visitor tries to skip a question that must be answered' },
  dontKnow: { group: 'understand', title: 'Visitor does not know the answer' },
  spellOffer: { group: 'spelling', title: 'Offering to spell' },
  spellAsk: { group: 'spelling', title: 'Visitor asks to spell' },
  'spellPart.first': { group: 'spelling', title: 'Spell the first name' },
  'spellPart.last': { group: 'spelling', title: 'Spell the last name' },
  'spellPart.domain': { group: 'spelling', title: 'Spell the part of the email after the @' },
  spellGoAhead: { group: 'spelling', title: 'Go ahead and spell' },
  spellAgain: { group: 'spelling', title: 'Spell it again' },
  spellCheck: { group: 'spelling', title: 'Checking the letters it heard' },
  readBack: { group: 'readback', title: 'Reading back the answers' },
  readBackItem: { group: 'readback', title: 'One answer in the read-back' },
  whatToChange: { group: 'readback', title: '"What should I change?"' },
  noSuchField: { group: 'readback', title: 'Visitor corrects something the form does not ask' },
  changeAsk: { group: 'readback', title: 'Asking a question again to change it' },
  startOver: { group: 'readback', title: 'Starting over' },
  'answer.week': { group: 'answers', title: 'Opening hours for the week' },
  'answer.weekDay': { group: 'answers', title: 'One day in the week’s hours' },
  'answer.andThen': { group: 'answers', title: 'A day with a break: the hours after the break' },
  'answer.break': { group: 'answers', title: 'A day with a break: when the break is' },
  'answer.closed': { group: 'answers', title: 'Closed that day' },
  'answer.openFromTo': { group: 'answers', title: 'Open that day, from and to' },
  'answer.closeAt': { group: 'answers', title: 'When it closes' },
  'answer.openAt': { group: 'answers', title: 'When it opens' },
  'answer.holiday': { group: 'answers', title: 'The day asked about is a holiday' },
  'answer.today': { group: 'answers', title: 'The word for today' },
  'answer.tomorrow': { group: 'answers', title: 'The word for tomorrow' },
  'answer.onDay': { group: 'answers', title: 'On a day of the week' },
  'answer.price': { group: 'answers', title: 'Price of one service' },
  'answer.prices': { group: 'answers', title: 'All prices' },
  'answer.pricesItem': { group: 'answers', title: 'One service in the list of prices' },
  'answer.address': { group: 'answers', title: 'The address' },
  noAnswer: { group: 'answers', title: 'A question it cannot answer' },
  backToIntake: { group: 'answers', title: 'Back to the questions after an answer' },
  'day.monday': { group: 'days', title: 'Monday' },
  'day.tuesday': { group: 'days', title: 'Tuesday' },
  'day.wednesday': { group: 'days', title: 'Wednesday' },
  'day.thursday': { group: 'days', title: 'Thursday' },
  'day.friday': { group: 'days', title: 'Friday' },
  'day.saturday': { group: 'days', title: 'Saturday' },
  'day.sunday': { group: 'days', title: 'Sunday' },
  handoff: { group: 'person', title: 'Someone is coming' },
  handoffWho: { group: 'person', title: 'Someone is coming, by name' },
  handoffSeen: { group: 'person', title: 'On the screen: the person has seen the request' },
  declined: { group: 'finish', title: 'Visitor says no to keeping their details' },
  declinedHelp: { group: 'finish', title: 'Offering help after a no' },
  incomplete: { group: 'finish', title: 'Answers still missing' },
  checkScreen: { group: 'finish', title: 'Check the screen and press Send' },
  stillMissing: { group: 'finish', title: 'Something is still missing' },
  keptPartial: { group: 'finish', title: 'Kept what the visitor said (some answers missing)' },
  'field.required': { group: 'screen', title: 'Any question left empty' },
  'field.invalid': { group: 'screen', title: 'Any answer that does not look right' },
};

/** What a field type's message code means, after the type's name: "Phone number: too short". */
const CODE_WORDS: Readonly<Record<string, string>> = {
  required: 'left empty',
  invalid: 'does not look right',
  tooLong: 'too long',
  tooShort: 'too short',
  letters: 'not in letters',
  extension: 'with an extension',
  whole: 'not a whole number',
  tooSmall: 'too small (or too early)',
  tooLarge: 'too large (or too late)',
  needTime: 'the time is missing',
  past: 'a day gone by (dates to come only)',
  future: 'a day to come (dates gone by only)',
  unknown: 'not one of the options',
};

/** What each {placeholder} is replaced by, in words; a line may say it its own way (PLACEHOLDER_BY_LINE). */
const PLACEHOLDERS: Readonly<Record<string, { means: string; example: string }>> = {
  business: { means: 'the business’s name', example: 'Luna Salon' },
  label: { means: 'the name of the question (e.g. phone number)', example: 'phone number' },
  labels: { means: 'the questions still unanswered', example: 'phone number and email' },
  name: { means: 'the visitor’s first name', example: 'Ana' },
  first: { means: 'the visitor’s first name', example: 'Ana' },
  summary: { means: 'the answers, one after the other', example: 'Name: Ana Lopez. Phone: 415 555 0123' },
  domain: { means: 'the part of the email after the @', example: 'example.com' },
  last: { means: 'the last two digits of the phone number', example: '23' },
  value: { means: 'the answer', example: 'By text message' },
  prompt: { means: 'the question being asked', example: 'What is your phone number?' },
  options: { means: 'the options to choose from', example: 'haircut, color or trim' },
  min: { means: 'the smallest number allowed', example: '1' },
  max: { means: 'the largest number allowed', example: '10' },
  spelled: { means: 'the letters the robot heard', example: 'A, N, A' },
  what: { means: 'what the visitor wanted to change', example: 'address' },
  who: { means: 'the name of the person coming', example: 'Maria' },
  days: { means: 'each open day with its hours', example: 'Monday 9 AM to 6 PM, Tuesday 9 AM to 6 PM' },
  day: { means: 'the name of the day', example: 'Monday' },
  open: { means: 'the opening time', example: '9 AM' },
  close: { means: 'the closing time', example: '6 PM' },
  when: { means: 'the day asked about (e.g. today, on Sunday)', example: 'on Sunday' },
  holiday: { means: 'the holiday’s name', example: 'Christmas' },
  service: { means: 'the service’s name', example: 'A haircut' },
  price: { means: 'the service’s price', example: '$40' },
  list: { means: 'every service with its price', example: 'Haircut, $40; Color, $90' },
  address: { means: 'the business’s address', example: '12 Main Street' },
  ext: { means: 'the extension the visitor typed', example: '12' },
  year: { means: 'the year the visitor gave', example: '1850' },
};

const PLACEHOLDER_BY_LINE: Readonly<Record<string, Readonly<Record<string, { means: string; example: string }>>>> = {
  returningCheck: { summary: { means: 'what the robot remembers, said in part', example: 'your name as Ana and your phone ending in 23' } },
  'reprompt.dateYears': { min: { means: 'the earliest year allowed', example: '1900' }, max: { means: 'the latest year allowed', example: '2026' } },
  'date.tooSmall': { min: { means: 'the earliest year allowed', example: '1900' }, max: { means: 'the latest year allowed', example: '2026' } },
  'date.tooLarge': { min: { means: 'the earliest year allowed', example: '1900' }, max: { means: 'the latest year allowed', example: '2026' } },
  'returningItem.choice': { label: { means: 'the name of the question', example: 'Preferred contact' } },
  'answer.holiday': { when: { means: 'the day asked about (e.g. today)', example: 'today' } },
  'answer.andThen': {
    open: { means: 'when it opens again after the break', example: '1 PM' },
    close: { means: 'when it closes after that', example: '7 PM' },
  },
  'answer.break': { close: { means: 'when the break starts', example: '12 PM' }, open: { means: 'when it opens again', example: '1 PM' } },
};

export interface CatalogPlaceholder {
  name: string;
  means: string;
  example: string;
  /** The line must keep it (an answer's fact); the others may be left out. */
  required: boolean;
}

export interface CatalogLine {
  key: string;
  group: string;
  title: string;
  default: string;
  /** The placeholders the line may use: its own, then {business}, which every line may add. */
  placeholders: CatalogPlaceholder[];
}

const placeholdersIn = (s: string): string[] => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))];

function fieldLine(key: string): { group: string; title: string } | null {
  const [kind, code] = key.split('.');
  if (!kind || !code || !(FIELD_KINDS as readonly string[]).includes(kind)) return null;
  return { group: 'screen', title: `${FIELD_TYPES[kind as keyof typeof FIELD_TYPES].title}: ${CODE_WORDS[code] ?? code}` };
}

/** Every line, in the order of its group, then of the messages module; `defaults` are the lines' defaults (greeting and farewell: the module's). */
export function messageCatalog(defaults: Readonly<Record<string, string>> = defaultMessages()): CatalogLine[] {
  const order = new Map(MESSAGE_GROUPS.map((g, i) => [g.id, i]));
  const lines = Object.entries(defaults).map(([key, text]): CatalogLine => {
    const where = LINES[key] ?? fieldLine(key) ?? { group: 'other', title: key };
    const required = new Set(ANSWER_PLACEHOLDERS_REQUIRED[key] ?? []);
    const names = [...placeholdersIn(text), ...(text.includes('{business}') ? [] : ['business'])];
    return {
      key,
      group: where.group,
      title: where.title,
      default: text,
      placeholders: names.map((name) => {
        const said = PLACEHOLDER_BY_LINE[key]?.[name] ?? PLACEHOLDERS[name] ?? { means: name, example: name };
        return { name, means: said.means, example: said.example, required: required.has(name) };
      }),
    };
  });
  return lines.sort((a, b) => order.get(a.group)! - order.get(b.group)!);
}

/** A line's plain title by key ("Price of one service"), for a refusal that names it. */
export function lineTitle(key: string): string {
  return LINES[key]?.title ?? fieldLine(key)?.title ?? key;
}
