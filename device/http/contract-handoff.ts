/**
 * Types of the staff handoff routes (device/http/routes/handoff.ts documents each route): tasks, the inbox of
 * notifications, and the people who can be named. The runtime builds them in device/handoff (tasks.ts,
 * notifications.ts); the UI reads them through ./contract.ts.
 */
import type { Actor } from '../../sync/schemas/activity.js';

export interface TaskItem {
  id: string;
  contactId: string;
  contactName: string;
  title: string;
  /** Member id, or null for a team task. */
  assignee: string | null;
  dueAt: string;
  overdue: boolean;
  state: 'open' | 'acknowledged' | 'done';
  rule: string | null;
  profile: string | null;
  createdAt: string;
  completionNote: string | null;
  escalations: number;
}

export interface NotificationItem {
  id: string;
  /** '' for a visitor's person request that belongs to no contact yet (`visitId` names the visit). */
  contactId: string;
  visitId?: string;
  message: string;
  rule: string | null;
  recipients: string[];
  holders: string[];
  sentAt: string;
  escalateAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: Actor | null;
  escalations: { at: string; to: string[]; note: string | null }[];
}

export interface PersonItem {
  id: string;
  name: string;
  role: 'owner' | 'manager' | 'sales' | 'front-desk';
  onShift: boolean;
}

/** The member behind a staff session (GET /api/staff/me, and the login's answer). */
export interface StaffMemberView {
  id: string;
  name: string;
  role: PersonItem['role'];
}

/** GET /api/staff/members: the names to tap on the kiosk; a remote client gets none and types its name. */
export interface StaffMembersReply {
  members: { id: string; name: string }[];
  typeName: boolean;
}

/** A member as the People tab shows them (GET /api/staff/people). */
export interface PersonDetail {
  id: string;
  name: string;
  role: PersonItem['role'];
  /** Null also when the viewer may not see it: only owners and managers see others' email and web address. */
  email: string | null;
  webhook: string | null;
  /** Weekly shifts: day ('mon'..'sun') -> spans "HH:MM-HH:MM". */
  shifts: Record<string, string[]>;
  active: boolean;
  hasPin: boolean;
}

/** GET /api/staff/people. */
export interface PeopleList {
  people: PersonDetail[];
  /** For an owner: the old shared staff PIN still logs in as the owner "Staff" (false for everyone else). */
  sharedStaffPin: boolean;
}

/** A refused change on the People tab: each problem names its input (`name`, `email`, `webhook`, `role`, `pin`, `confirm`). */
export interface PeopleRefusal {
  error: string;
  message: string;
  issues: { path: string; message: string }[];
}

/** The handoff settings in force (GET/PUT /api/staff/handoff/settings): people, scoring, rules, escalation (opening hours: contract-hours.ts). */
export type { HandoffSettings as HandoffSettingsView } from '../handoff/settings.js';
export type { ScoringRule as ScoringRuleView } from '../handoff/scoring.js';
