import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { residentIdCheckChar } from '@tongban/contracts';
import { TestClient } from '../../testing/harness.ts';
import { createAccount } from '../identity/index.ts';
import {
  completeOnly,
  inboxFor,
  type Officer,
  PASSWORD,
  type Testbed,
  workflowTestbed,
} from './workflow.testbed.ts';

/**
 * The SLA clock and the calendar: who may stop and restart a case's clock, ask for and decide on
 * an extension, and import a holiday calendar. The case under test waits at the HPF officer's
 * review, claimed by `holder`.
 */
type Who =
  | 'anonymous'
  | 'citizen'
  | 'holder'
  | 'colleague'
  | 'wrongRole'
  | 'otherDepartment'
  | 'head'
  | 'otherHead'
  | 'admin';
type Action =
  | 'pause'
  | 'resume'
  | 'askExtension'
  | 'listExtensions'
  | 'approve'
  | 'refuse'
  | 'importCalendar';

const expected: Record<Who, Record<Action, number>> = {
  anonymous: {
    pause: 401,
    resume: 401,
    askExtension: 401,
    listExtensions: 401,
    approve: 401,
    refuse: 401,
    importCalendar: 401,
  },
  citizen: {
    pause: 403,
    resume: 403,
    askExtension: 403,
    listExtensions: 403,
    approve: 403,
    refuse: 403,
    importCalendar: 403,
  },
  // Stopping the clock and asking for time are the holder's; restarting it any officer of the step's role may do.
  holder: {
    pause: 200,
    resume: 200,
    askExtension: 201,
    listExtensions: 403,
    approve: 403,
    refuse: 403,
    importCalendar: 403,
  },
  colleague: {
    pause: 409,
    resume: 200,
    askExtension: 409,
    listExtensions: 403,
    approve: 403,
    refuse: 403,
    importCalendar: 403,
  },
  wrongRole: {
    pause: 403,
    resume: 403,
    askExtension: 403,
    listExtensions: 403,
    approve: 403,
    refuse: 403,
    importCalendar: 403,
  },
  otherDepartment: {
    pause: 403,
    resume: 403,
    askExtension: 403,
    listExtensions: 403,
    approve: 403,
    refuse: 403,
    importCalendar: 403,
  },
  head: {
    pause: 403,
    resume: 403,
    askExtension: 403,
    listExtensions: 200,
    approve: 200,
    refuse: 200,
    importCalendar: 403,
  },
  otherHead: {
    pause: 403,
    resume: 403,
    askExtension: 403,
    listExtensions: 200,
    approve: 403,
    refuse: 403,
    importCalendar: 403,
  },
  admin: {
    pause: 403,
    resume: 403,
    askExtension: 403,
    listExtensions: 403,
    approve: 403,
    refuse: 403,
    importCalendar: 200,
  },
};

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//test//ZH',
  'BEGIN:VEVENT',
  'UID:x',
  'DTSTART;VALUE=DATE:20290101',
  'SUMMARY:元旦 休',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('SLA clock and calendar permission matrix', () => {
  let bed: Testbed;
  let holder: Officer;
  let window: Officer;
  const clients = {} as Record<Who, TestClient>;

  before(async () => {
    bed = await workflowTestbed();
    const db = bed.t.app.platform.db;
    clients.anonymous = new TestClient(bed.t.app);
    const first17 = '33900119900101123';
    const idNumber = first17 + residentIdCheckChar(first17);
    await createAccount(db, {
      kind: 'citizen',
      name: '张明',
      idNumber,
      phone: '13912345678',
      password: PASSWORD,
    });
    clients.citizen = new TestClient(bed.t.app);
    assert.equal(
      (await clients.citizen.post('/api/v1/auth/signin', { login: idNumber, password: PASSWORD })).statusCode,
      200,
    );
    const roles: Record<Exclude<Who, 'anonymous' | 'citizen'>, [string, string][]> = {
      holder: [['HPF', 'officer']],
      colleague: [['HPF', 'officer']],
      wrongRole: [['HPF', 'window']],
      otherDepartment: [['TAX', 'officer']],
      head: [['HPF', 'dept_head']],
      otherHead: [['TAX', 'dept_head']],
      admin: [['HPF', 'dept_admin']],
    };
    for (const [who, r] of Object.entries(roles) as [
      Exclude<Who, 'anonymous' | 'citizen'>,
      [string, string][],
    ][]) {
      const officer = await bed.officer(who.toLowerCase(), r);
      clients[who] = officer.client;
      if (who === 'holder') holder = officer;
    }
    window = await bed.officer('hpf.window', [['HPF', 'window']]);
  });
  after(async () => bed.close());

  /** A fresh case at the HPF review, claimed by the holder. */
  async function reviewTask(): Promise<string> {
    bed.t.clock.now = new Date('2026-03-02T02:00:00Z');
    const { businessKey } = await bed.start('simple-approval', 'HPF');
    await completeOnly(window, businessKey);
    const [task] = await inboxFor(holder, businessKey);
    assert.equal((await holder.client.post(`/api/v1/tasks/${task!.id}/claim`)).statusCode, 200);
    return task!.id;
  }

  async function pausedTask(): Promise<string> {
    const id = await reviewTask();
    const res = await holder.client.post(`/api/v1/tasks/${id}/pause`, {
      kind: 'expert_review',
      reason: '专家评审',
    });
    assert.equal(res.statusCode, 200, res.body);
    return id;
  }

  async function pendingExtension(): Promise<string> {
    const id = await reviewTask();
    const res = await holder.client.post(`/api/v1/tasks/${id}/extensions`, { days: 2, reason: '复杂' });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id;
  }

  const attempts: Record<Action, (c: TestClient) => Promise<{ statusCode: number; body: string }>> = {
    pause: async (c) =>
      c.post(`/api/v1/tasks/${await reviewTask()}/pause`, {
        kind: 'public_notice',
        reason: '公示',
        plannedDays: 5,
      }),
    resume: async (c) => c.post(`/api/v1/tasks/${await pausedTask()}/resume`),
    askExtension: async (c) =>
      c.post(`/api/v1/tasks/${await reviewTask()}/extensions`, { days: 3, reason: '需补充调查' }),
    listExtensions: (c) => c.get('/api/v1/workflow/extensions'),
    approve: async (c) => c.post(`/api/v1/workflow/extensions/${await pendingExtension()}/approve`, {}),
    refuse: async (c) =>
      c.post(`/api/v1/workflow/extensions/${await pendingExtension()}/refuse`, { note: '不同意' }),
    importCalendar: (c) => c.post('/api/v1/calendar/339000/import', { ics: ICS }),
  };

  for (const who of Object.keys(expected) as Who[]) {
    for (const action of Object.keys(attempts) as Action[]) {
      test(`${who} → ${action}: ${expected[who][action]}`, async () => {
        const res = await attempts[action](clients[who]);
        assert.equal(res.statusCode, expected[who][action], res.body);
      });
    }
  }
});
