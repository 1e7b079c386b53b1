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

export const STAFF_TABS: readonly StaffTab[] = [
  leadsTab,
  todayTab,
  tasksTab,
  inboxTab,
  rulesTab,
  peopleTab,
  shiftsTab,
  hoursTab,
  scoringTab,
  escalationTab,
  dashboardTab,
  settingsTab,
  intakeTab,
  businessTab,
  wordsTab,
];
