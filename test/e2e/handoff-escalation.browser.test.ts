/**
 * Escalation on the staff screens, end to end: the real runtime in process with a clock the test moves by hand
 * (the product's own runtime code; no route moves time). A visit fires a rule that tells a sales member; nobody
 * acknowledges; the clock passes the escalation time; the manager's inbox, open in Chromium, shows the escalated
 * notification live, and the contact's story shows the escalation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from '../support/build-ui.js';
import { handoffConfig } from '../support/handoff-config.js';
import { ManualClock } from '../support/manual-clock.js';
import { openStaffScreen, textMatches, type StaffScreen } from '../support/staff-screen.js';
import { loginAsStaff, setMemberPin, startStaffRuntime, type StaffRuntime } from '../support/staff-runtime.js';

const TOM_PIN = '730418';
const ACK_MINUTES = 5;

let rt: StaffRuntime;
let page: Page;
let errors: string[];
let screen: StaffScreen;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  ensureUiBuilt();
  rt = await startStaffRuntime({
    clock,
    config: handoffConfig({
      members: ['olga', 'tom', 'maria'],
      rules: [
        {
          id: 'to-sales',
          name: 'New lead to sales',
          when: { on: 'lead-stored' },
          if: [{ kind: 'consent' }],
          then: [{ do: 'notify', to: { kind: 'role', role: 'sales' } }],
        },
      ],
      escalation: { ackMinutes: ACK_MINUTES, chain: ['manager', 'owner'] },
    }),
  });
  screen = await openStaffScreen(rt.url, { width: 1366, height: 768 });
  ({ page, errors } = screen);
});

afterAll(async () => {
  await screen?.close();
  await rt?.stop();
});

const textIs = (selector: string, re: RegExp) => textMatches(page, selector, re);

describe('escalation on the staff screens', () => {
  it("an unacknowledged notification to sales reaches the manager's inbox live once the clock passes the escalation time", async () => {
    // Olga (the owner, holding the first PIN) gives Tom, the manager, his PIN; Tom logs in and watches his inbox.
    expect(await setMemberPin(rt, 'tom', TOM_PIN)).toBe(200);
    await loginAsStaff(page, rt, { member: 'tom', pin: TOM_PIN });
    await page.click('[data-tab="inbox"]');
    await textIs('#inbox-badge', /^0$/);

    const visit = rt.runtime.visits.open('touch');
    const contactId = rt.runtime.visits.submit(
      visit.id,
      { name: 'Jane Doe', phone: '4155550123', email: 'jane@example.com', reason: 'haircut', consent: true },
      'touch',
    ).id;
    await rt.runtime.handoff.settled();
    const [sent] = rt.runtime.handoff.inbox('maria');
    expect(sent).toMatchObject({ holders: ['maria'], acknowledgedAt: null });

    // Not yet: a minute short of the escalation time, Tom has nothing.
    clock.advance((ACK_MINUTES - 1) * 60_000);
    await rt.runtime.handoff.settled();
    expect(await page.isVisible('#inbox-alert')).toBe(false);
    expect(rt.runtime.handoff.inbox('tom')).toEqual([]);

    clock.advance(60_000 + 1_000);
    await textIs('#inbox-alert', /^Escalated: New lead to sales: Jane Doe/);
    await textIs('#inbox-badge', /^1$/);
    await page.waitForSelector(`#inbox-list [data-notification="${sent!.id}"] .notification-ack-btn`);

    // The story shows it, on the contact's page.
    await page.click(`#inbox-list [data-notification="${sent!.id}"] .link`);
    await page.waitForSelector(`#contact[data-contact-id="${contactId}"] #timeline`);
    const escalated = page.locator('#timeline li[data-type="notification"]', { hasText: 'escalated' });
    await expect(escalated.textContent()).resolves.toMatch(new RegExp(`Notification escalated to .*Not acknowledged in ${ACK_MINUTES} min: to Tom`));
    expect(errors).toEqual([]);
  });
});
