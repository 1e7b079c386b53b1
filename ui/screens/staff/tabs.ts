/**
 * The staff screen's tabs, in the order shown. Adding a tab is one line here (and its import): e.g. Tasks and Inbox
 * (handoff), Intake and Business (intake). The first tab opens after login.
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

/**
 * The tabs in two rows staff can tell apart at a glance: the day's work (leads, what is due, the numbers) and the
 * set-up pages a manager opens now and then. One row of fifteen wrapped into four on a laptop and took a third of it.
 */
export interface StaffTabGroup {
  id: string;
  label: string;
  tabs: readonly StaffTab[];
}

export const STAFF_TAB_GROUPS: readonly StaffTabGroup[] = [
  { id: 'work', label: 'Daily work', tabs: [leadsTab, todayTab, tasksTab, inboxTab, dashboardTab] },
  {
    id: 'setup',
    label: 'Set up',
    tabs: [businessTab, hoursTab, intakeTab, wordsTab, rulesTab, peopleTab, shiftsTab, scoringTab, escalationTab, settingsTab],
  },
];

export const STAFF_TABS: readonly StaffTab[] = STAFF_TAB_GROUPS.flatMap((g) => g.tabs);
