import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chinaToday, latestValidUntil } from '@tongban/contracts';
import { demoApp, newCitizen, residentId, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';

type Person = { client: TestClient; idNumber: string; name: string };

describe('authorizations for assisted filing (代办)', () => {
  let t: TestApp;
  let grantor: Person;
  let proxy: Person;
  let auditor: TestClient;

  const day = (offset: number) => chinaToday(new Date(t.clock.now.getTime() + offset * 86_400_000));
  const family = (to: { name: string; idNumber: string }, over: Record<string, unknown> = {}) => ({
    proxyName: to.name,
    proxyIdNumber: to.idNumber,
    relation: 'spouse',
    scope: 'all',
    validFrom: day(0),
    validUntil: day(180),
    ...over,
  });
  // Granting is limited per address (10 a minute); each call here comes from its own address.
  let addresses = 0;
  const grantFamily = (by: TestClient, body: Record<string, unknown>) =>
    by.post('/api/v1/me/authorizations/family', body, { 'x-forwarded-for': `10.9.0.${++addresses}` });
  const actions = async (id: string) =>
    (await auditor.get(`/api/v1/audit/entries?subjectType=authorization&subjectId=${id}`))
      .json()
      .items.map((e: { action: string }) => e.action)
      .filter((a: string) => a.startsWith('authorization.'))
      .sort();
  const granted = async (c: TestClient) => (await c.get('/api/v1/me/authorizations?limit=100')).json().items;
  const received = async (c: TestClient) =>
    (await c.get('/api/v1/me/authorizations?direction=received&limit=100')).json().items;
  const inbox = async (c: TestClient) =>
    (await c.get('/api/v1/me/notifications?limit=100')).json().items as { kind: string; title: string }[];

  before(async () => {
    t = await demoApp();
    // One calendar day for the whole file, whatever the wall clock does.
    t.clock.now = new Date();
    grantor = await newCitizen(t.app, 41, '张三丰');
    proxy = await newCitizen(t.app, 42, '李华');
    auditor = await signIn(t.app, 'auditor');
  });
  after(async () => t.close());

  test('a citizen names a family member, who is told and sees it; the grantor sees the masked ID number', async () => {
    const res = await grantFamily(grantor.client, family(proxy, { scope: ['hpf-wd', 'PSB-RP'] }));
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json();
    assert.equal(a.kind, 'family');
    assert.equal(a.status, 'active');
    assert.equal(a.relation, 'spouse');
    assert.deepEqual(a.scope, ['HPF-WD', 'PSB-RP']);
    assert.equal(a.grantor.name, '张三丰');
    assert.equal(a.proxy.name, '李华');
    assert.equal(a.proxy.idNumberMasked, `${proxy.idNumber.slice(0, 6)}********${proxy.idNumber.slice(14)}`);
    assert.ok(!res.body.includes(proxy.idNumber), 'the full ID number is never echoed');
    // Whole China calendar days: from the start of the first to the end of the last.
    assert.equal(a.validFrom, new Date(`${day(0)}T00:00:00+08:00`).toISOString());
    assert.equal(a.validUntil, new Date(`${day(181)}T00:00:00+08:00`).toISOString());

    assert.deepEqual(
      (await granted(grantor.client)).map((x: { id: string }) => x.id),
      [a.id],
    );
    const mine = await received(proxy.client);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].grantor.name, '张三丰');
    assert.deepEqual(await received(grantor.client), []);
    const told = (await inbox(proxy.client)).find((n) => n.kind === 'proxy.authorization');
    assert.equal(told?.title, 'You can now file for a family member');

    assert.deepEqual(await actions(a.id), ['authorization.grant']);
  });

  test('every way of not matching a person answers the same, so accounts cannot be probed; nothing is written', async () => {
    const before = (await granted(grantor.client)).length;
    const attempts = [
      family({ name: '李华', idNumber: residentId(99) }), // a valid number nobody signed up with
      family({ name: '王五', idNumber: proxy.idNumber }), // someone's number with another name
      family({ name: '李 华', idNumber: proxy.idNumber }), // a near miss is still a miss
    ];
    const answers = [];
    for (const body of attempts) {
      const res = await grantFamily(grantor.client, body);
      answers.push([res.statusCode, res.json().error.code, res.json().error.message]);
    }
    assert.deepEqual(answers, [
      [422, 'AUTHORIZATION_PERSON_NOT_MATCHED', answers[0]?.[2]],
      [422, 'AUTHORIZATION_PERSON_NOT_MATCHED', answers[0]?.[2]],
      [422, 'AUTHORIZATION_PERSON_NOT_MATCHED', answers[0]?.[2]],
    ]);
    assert.doesNotMatch(String(answers[0]?.[2]), /李华|张三丰/);
    const self = await grantFamily(grantor.client, family(grantor));
    assert.equal(self.statusCode, 422);
    assert.equal(self.json().error.code, 'AUTHORIZATION_SELF');
    assert.equal((await granted(grantor.client)).length, before);
  });

  test('bad input gets every field error at once, localized, and writes nothing', async () => {
    const before = (await granted(grantor.client)).length;
    const wrongCheck = `${proxy.idNumber.slice(0, 17)}${proxy.idNumber[17] === '0' ? '1' : '0'}`;
    grantor.client.locale = 'zh-CN';
    const res = await grantFamily(
      grantor.client,
      family(
        { name: '李', idNumber: wrongCheck },
        { scope: ['HPF-WD', 'NOPE-1', 'SAMR-BL'], validFrom: day(-1), validUntil: day(-1 + 400) },
      ),
    );
    grantor.client.locale = 'en';
    assert.equal(res.statusCode, 400, res.body);
    const errors = res.json().error.details as { pointer: string; code: string; message: string }[];
    assert.deepEqual(errors.map((e) => [e.pointer, e.code]).sort(), [
      ['/proxyIdNumber', 'idNumber.checkDigit'],
      ['/proxyName', 'name.length'],
      ['/scope/1', 'scope.unknownItem'],
      ['/scope/2', 'scope.unknownItem'],
      ['/validFrom', 'validFrom.past'],
      ['/validUntil', 'validUntil.tooLong'],
    ]);
    assert.match(errors.find((e) => e.pointer === '/scope/1')?.message ?? '', /事项 NOPE-1 不存在/);
    assert.match(
      errors.find((e) => e.pointer === '/validUntil')?.message ?? '',
      new RegExp(latestValidUntil(day(-1))),
    );

    const backwards = await grantFamily(grantor.client, family(proxy, { validUntil: day(-3) }));
    assert.deepEqual(
      backwards.json().error.details.map((e: { pointer: string; code: string }) => [e.pointer, e.code]),
      [['/validUntil', 'validUntil.beforeFrom']],
    );
    const relation = await grantFamily(grantor.client, family(proxy, { relation: 'friend' }));
    assert.equal(relation.statusCode, 400);
    assert.equal(relation.json().error.code, 'VALIDATION_FAILED');
    // Exactly one year is the longest.
    const longest = await grantFamily(
      grantor.client,
      family(proxy, { validUntil: latestValidUntil(day(0)) }),
    );
    assert.equal(longest.statusCode, 201, longest.body);
    assert.equal((await granted(grantor.client)).length, before + 1);
  });

  test("a department's window: by code, its own items only, and a scheduled start", async () => {
    const other = await grantor.client.post('/api/v1/me/authorizations/window', {
      departmentId: 'HPF',
      scope: ['PSB-RP'],
      validFrom: day(0),
      validUntil: day(30),
    });
    assert.equal(other.statusCode, 400);
    assert.equal(other.json().error.details[0].code, 'scope.otherDepartment');
    const unknown = await grantor.client.post('/api/v1/me/authorizations/window', {
      departmentId: 'NOPE',
      scope: 'all',
      validFrom: day(0),
      validUntil: day(30),
    });
    assert.equal(unknown.json().error.code, 'DEPARTMENT_NOT_FOUND');
    const res = await grantor.client.post('/api/v1/me/authorizations/window', {
      departmentId: 'HPF',
      scope: ['HPF-WD'],
      validFrom: day(2),
      validUntil: day(30),
    });
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json();
    assert.equal(a.kind, 'window');
    assert.equal(a.status, 'scheduled');
    assert.equal(a.proxy, null);
    assert.equal(a.department.code, 'HPF');
  });

  test('revocation: only by the grantor, at once, told to the proxy; revoking again changes nothing', async () => {
    const a = (await grantFamily(grantor.client, family(proxy, { relation: 'child' }))).json();
    const byProxy = await proxy.client.post(`/api/v1/me/authorizations/${a.id}/revoke`);
    assert.equal(byProxy.statusCode, 404);
    assert.equal(byProxy.json().error.code, 'AUTHORIZATION_NOT_FOUND');

    const res = await grantor.client.post(`/api/v1/me/authorizations/${a.id}/revoke`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'revoked');
    assert.ok(res.json().revokedAt);
    const again = await grantor.client.post(`/api/v1/me/authorizations/${a.id}/revoke`);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().revokedAt, res.json().revokedAt);
    const seen = (await received(proxy.client)).find((x: { id: string }) => x.id === a.id);
    assert.equal(seen.status, 'revoked');
    assert.ok(
      (await inbox(proxy.client)).some((n) => n.title === 'An authorization was revoked'),
      'the proxy is told',
    );
    assert.deepEqual(await actions(a.id), ['authorization.grant', 'authorization.revoke']);
  });

  test('lists page newest first; at most 20 in force at once', async () => {
    const first = (await grantor.client.get('/api/v1/me/authorizations?limit=2')).json();
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const next = (
      await grantor.client.get(`/api/v1/me/authorizations?limit=2&cursor=${first.nextCursor}`)
    ).json();
    assert.ok(next.items[0].id < first.items[1].id);

    const inForce = (await granted(grantor.client)).filter(
      (a: { status: string }) => a.status === 'active' || a.status === 'scheduled',
    ).length;
    for (let i = inForce; i < 20; i++) {
      const res = await grantor.client.post('/api/v1/me/authorizations/window', {
        departmentId: 'PSB',
        scope: 'all',
        validFrom: day(0),
        validUntil: day(10),
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const over = await grantFamily(grantor.client, family(proxy));
    assert.equal(over.statusCode, 409);
    assert.equal(over.json().error.code, 'AUTHORIZATION_LIMIT');
  });
});
