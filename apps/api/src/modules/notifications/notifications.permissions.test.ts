import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, demoEnterprise, newCitizen, signIn } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { notify } from './index.ts';

type Who = 'anonymous' | 'owner' | 'otherCitizen' | 'enterprise' | 'officer' | 'auditor';
const WHO: Who[] = ['anonymous', 'owner', 'otherCitizen', 'enterprise', 'officer', 'auditor'];

/**
 * Role × action for the inbox endpoints. Every kind of account has its own inbox; nobody reads or
 * marks another's message, which answers 404 exactly like a missing one (ids do not leak).
 */
describe('notifications permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;
  let ownerId: string;
  let n = 0;

  before(async () => {
    t = await demoApp();
    as.anonymous = new TestClient(t.app);
    as.owner = await demoCitizen(t.app);
    as.otherCitizen = (await newCitizen(t.app, 41)).client;
    as.enterprise = await demoEnterprise(t.app);
    as.officer = await signIn(t.app, 'hpf.head');
    as.auditor = await signIn(t.app, 'auditor');
    ownerId = (await as.owner.get('/api/v1/me')).json().account.id;
  });
  after(async () => t.close());

  /** A fresh unread message of the owner's; returns its id. */
  const ownersMessage = async () => {
    n += 1;
    await notify(t.app.platform.db, {
      recipientAccountId: ownerId,
      kind: 'application.status',
      template: 'application.approved',
      params: { caseNumber: `339000-2026-${String(n).padStart(6, '0')}` },
      dedupeKey: `permissions:${n}`,
    });
    const page = (await as.owner.get('/api/v1/me/notifications?limit=1')).json();
    return page.items[0].id as string;
  };
  const isUnread = async (id: string) =>
    (await as.owner.get('/api/v1/me/notifications?unread=true&limit=100'))
      .json()
      .items.some((i: { id: string }) => i.id === id);

  const signedIn = (status: number): Record<Who, number> => ({
    anonymous: 401,
    owner: status,
    otherCitizen: status,
    enterprise: status,
    officer: status,
    auditor: status,
  });
  const ownerOnly: Record<Who, number> = { ...signedIn(404), owner: 200 };

  test('list and unread count: every signed-in account, its own messages only', async () => {
    const id = await ownersMessage();
    for (const who of WHO) {
      const list = await as[who].get('/api/v1/me/notifications');
      assert.equal(list.statusCode, signedIn(200)[who], `${who} list`);
      const count = await as[who].get('/api/v1/me/notifications/unread-count');
      assert.equal(count.statusCode, signedIn(200)[who], `${who} count`);
      if (who === 'anonymous') {
        assert.equal(list.json().error.code, 'UNAUTHENTICATED');
        continue;
      }
      const ids = list.json().items.map((i: { id: string }) => i.id);
      assert.equal(ids.includes(id), who === 'owner', `${who} sees the owner's message: ${ids.includes(id)}`);
      // The count is of the caller's own unread messages (the demo seed tells holders of the licences it
      // issues, so others may have some of their own).
      const unread = list.json().items.filter((i: { readAt: string | null }) => i.readAt === null).length;
      assert.equal(count.json().count, unread, `${who} count`);
    }
  });

  test("marking one read: the owner only; anyone else's answer is the same as for a missing id", async () => {
    for (const who of WHO) {
      const id = await ownersMessage();
      const res = await as[who].post(`/api/v1/me/notifications/${id}/read`);
      assert.equal(res.statusCode, ownerOnly[who], `${who}: ${res.body}`);
      assert.equal(await isUnread(id), who !== 'owner', `${who} left the message as it was`);
      if (who === 'anonymous') continue;
      if (who !== 'owner') {
        const missing = await as[who].post(`/api/v1/me/notifications/${randomUUID()}/read`);
        assert.equal(missing.statusCode, 404);
        assert.deepEqual(res.json(), missing.json(), 'not found and not yours look alike');
        assert.equal(res.json().error.code, 'NOTIFICATION_NOT_FOUND');
      }
    }
    const bad = await as.owner.post('/api/v1/me/notifications/not-a-uuid/read');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  });

  test('marking all read touches only the caller’s own inbox', async () => {
    for (const who of WHO) {
      const id = await ownersMessage();
      const res = await as[who].post('/api/v1/me/notifications/read-all');
      assert.equal(res.statusCode, signedIn(200)[who], `${who}: ${res.body}`);
      assert.equal(await isUnread(id), who !== 'owner', `${who} read-all and the owner's message`);
    }
  });
});
