/**
 * The staff screen's pages, in the order shown. Adding one is one line here (and its import). The first daily tab
 * opens after login.
 *
 * The day's work (leads, what is due, the numbers) is one row of tabs; the set-up screens a manager opens now and then
 * sit behind one "Set up" entry, grouped in plain words. Fifteen tabs in two rows took ~180 px of a laptop's 768.
 */
import type { StaffTab } from './context.js';
import { businessTab } from './business.js';
import { dashboardTab } from './dashboard.js';
import { intakeTab } from './intake.js';
import { inboxTab } from './inbox.js';
import { leadsTab } from './leads.js';
import { peopleTab } from './people.js';
import { escalationTab } from './escalation.js';
import { hoursTab } from './hours.js';
import { scoringTab } from './scoring.js';
import { shiftsTab } from './shifts.js';
import { rulesTab } from './rules.js';
import { settingsTab } from './settings.js';
import { tasksTab } from './tasks.js';
import { todayTab } from './today.js';
import { wordsTab } from './words.js';

export { resetViewedMember } from './member.js';

/** A set-up screen, with what it is for in a line a receptionist understands (shown on the set-up page). */
export interface SetupEntry {
  tab: StaffTab;
  hint: string;
}

export interface SetupGroup {
  id: string;
  label: string;
  entries: readonly SetupEntry[];
}

export const DAILY_TABS: readonly StaffTab[] = [leadsTab, todayTab, tasksTab, inboxTab, dashboardTab];

export const SETUP_GROUPS: readonly SetupGroup[] = [
  {
    id: 'business',
    label: 'Your business',
    entries: [
      { tab: businessTab, hint: 'Name, greeting, address, services and prices, answers to common questions.' },
      { tab: hoursTab, hint: 'When you are open, breaks and holidays. The robot tells visitors these.' },
    ],
  },
  {
    id: 'visitors',
    label: 'Talking to visitors',
    entries: [
      { tab: intakeTab, hint: 'The questions the robot asks each visitor, and the form on the screen.' },
      { tab: wordsTab, hint: 'Every sentence the robot says, in your own words.' },
    ],
  },
  {
    id: 'follow-up',
    label: 'Follow-up',
    entries: [
      { tab: rulesTab, hint: 'Who is told about a new lead, and which call-back task they get.' },
      { tab: scoringTab, hint: 'Points that show which leads to call first.' },
      { tab: escalationTab, hint: 'Who is told next when a message about a lead or a task is not dealt with in time.' },
    ],
  },
  {
    id: 'team',
    label: 'Team',
    entries: [
      { tab: peopleTab, hint: 'Who works here, their role, PIN and how to reach them.' },
      { tab: shiftsTab, hint: 'When each person works, so the right person is told.' },
    ],
  },
  {
    id: 'settings',
    label: 'Settings',
    entries: [{ tab: settingsTab, hint: 'Lead stages and what each means, tags, reasons a sale is lost, the voice.' }],
  },
];

export const SETUP_TABS: readonly StaffTab[] = SETUP_GROUPS.flatMap((g) => g.entries.map((e) => e.tab));

export const STAFF_TABS: readonly StaffTab[] = [...DAILY_TABS, ...SETUP_TABS];
