import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { creditCodeCheckChar, identityFieldMessages, residentIdCheckChar } from '@tongban/contracts';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { listAuditEntries } from '../audit/index.ts';
import { assignRole, getDepartmentByCode, seedDemoOrg } from '../org/index.ts';
import { sealPlainContactFields } from './identity.seal-plain.ts';
import {
  Browser,
  citizenBody,
  enterpriseBody,
  newCreditCode,
  newIdNumber,
  PASSWORD,
  signIn,
} from './identity.testing.ts';
import {
  createAccount,
  DEMO_CITIZEN_ID,
  DEMO_CREDIT_CODE,
  DEMO_PASSWORD,
  getProfile,
  seedDemoAccounts,
} from './index.ts';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

async function count(table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
    t.app.platform.db,
  );
  return r.rows[0]!.n;
}

async function signedUpCitizen(over: Record<string, unknown> = {}) {
  const browser = new Browser(t.app);
  const body = citizenBody(over);
  const res = await browser.post('/api/v1/auth/signup/citizen', body);
  assert.equal(res.statusCode, 201, res.body);
  return { browser, body, account: res.json().account as { id: string } };
}

/** Moves the app clock to `ms` after `from` and returns the new time. */
function advance(from: Date, ms: number): Date {
  t.clock.now = new Date(from.getTime() + ms);
  return t.clock.now;
}

describe('citizen sign-up', () => {
  test('creates the account, signs in, and derives birth date and sex from the ID number', async () => {
    const { browser, body, account } = await signedUpCitizen({ idNumber: withCheck('33900119900315124') });
    const me = await browser.get('/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), {
      account: { id: account.id, kind: 'citizen', name: '王小红', roles: [] },
      profile: {
        accountId: account.id,
        kind: 'citizen',
        name: '王小红',
        idNumber: body.idNumber,
        birthDate: '1990-03-15',
        sex: 'female',
        phone: '13912345678',
      },
    });
  });

  test('the session cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure over plain HTTP', async () => {
    const browser = new Browser(t.app);
    const res = await browser.post('/api/v1/auth/signup/citizen', citizenBody());
    const cookie = res.cookies.find((c) => c.name === 'tb_session');
    assert.ok(cookie, 'tb_session is set');
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.notEqual(cookie.secure, true);
  });

  const idProblems: [string, string, string][] = [
    ['format', '33900119900315', 'idNumber.format'],
    ['letters inside', '3390011990031A123X', 'idNumber.format'],
    ['unknown province', withCheck('99000119900315123'), 'idNumber.region'],
    ['impossible date', withCheck('33900119900230123'), 'idNumber.birthDate'],
    ['born in the future', withCheck('33900120990101123'), 'idNumber.birthDate'],
    [
      'wrong check digit',
      `33900119900315123${residentIdCheckChar('33900119900315123') === '0' ? '1' : '0'}`,
      'idNumber.checkDigit',
    ],
  ];
  for (const [label, idNumber, code] of idProblems) {
    test(`ID number with ${label} is refused with its own message in zh-CN and en`, async () => {
      const before = await count('identity_accounts');
      for (const locale of ['zh-CN', 'en'] as const) {
        const res = await new Browser(t.app, locale).post(
          '/api/v1/auth/signup/citizen',
          citizenBody({ idNumber }),
        );
        assert.equal(res.statusCode, 400);
        const { error } = res.json();
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.deepEqual(error.details, [
          { pointer: '/idNumber', code, message: identityFieldMessages[code as 'idNumber.format'][locale] },
        ]);
      }
      assert.equal(await count('identity_accounts'), before);
    });
  }

  test('the four ID problems have four different messages', () => {
    const codes = [
      'idNumber.format',
      'idNumber.region',
      'idNumber.birthDate',
      'idNumber.checkDigit',
    ] as const;
    for (const locale of ['zh-CN', 'en'] as const) {
      assert.equal(new Set(codes.map((c) => identityFieldMessages[c][locale])).size, 4);
    }
  });

  test('every field problem is reported at once; the password rule is spelled out', async () => {
    const res = await new Browser(t.app, 'zh-CN').post(
      '/api/v1/auth/signup/citizen',
      citizenBody({ name: '王', phone: '12345', password: 'onlyletters' }),
    );
    assert.equal(res.statusCode, 400);
    const details = res.json().error.details as { pointer: string; code: string; message: string }[];
    assert.deepEqual(
      details.map((d) => [d.pointer, d.code]),
      [
        ['/name', 'name.length'],
        ['/phone', 'phone.format'],
        ['/password', 'password.policy'],
      ],
    );
    assert.match(details[2]!.message, /至少 8 位.*字母和数字/);
  });

  test('passwords without a digit, without a letter or shorter than 8 are refused', async () => {
    for (const password of ['abcdefgh', '12345678', 'abc1234']) {
      const res = await new Browser(t.app).post('/api/v1/auth/signup/citizen', citizenBody({ password }));
      assert.equal(res.statusCode, 400, password);
      assert.match(res.json().error.details[0].message, /at least 8 characters.*letters and digits/);
    }
  });

  test('an ID number already registered is ACCOUNT_EXISTS (409), also typed with a lower-case x', async () => {
    const idNumber = withCheck('33900119851111004');
    assert.equal(idNumber.at(-1), 'X', 'this fixture ends in X');
    await signedUpCitizen({ idNumber });
    const again = await new Browser(t.app).post(
      '/api/v1/auth/signup/citizen',
      citizenBody({ idNumber: idNumber.toLowerCase() }),
    );
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'ACCOUNT_EXISTS');
  });

  test('two sign-ups with one ID number at the same moment: exactly one account', async () => {
    const body = citizenBody();
    const answers = await Promise.all(
      [1, 2, 3].map(() => new Browser(t.app).post('/api/v1/auth/signup/citizen', body)),
    );
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [201, 409, 409]);
    assert.ok(
      answers.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'ACCOUNT_EXISTS'),
    );
  });

  test('the database holds no plaintext ID number or phone; lookups go through the blind index', async () => {
    const db = t.app.platform.db;
    // The seed and the counter create accounts with an e-mail and an address too (not the sign-up form).
    const body = citizenBody({ phone: '13600001111' });
    const account = await createAccount(db, {
      kind: 'citizen',
      ...body,
      email: 'wang.xiaohong@example.cn',
      address: '明湖市湖滨区望湖路88号',
    });
    const raw = await sql<{ row: string }>`
      SELECT row_to_json(a)::text || row_to_json(p)::text AS row
      FROM identity_accounts a JOIN identity_profiles p ON p.account_id = a.id
      WHERE a.id = ${account.id}`.execute(db);
    const row = raw.rows[0]!.row;
    assert.ok(!row.includes(body.idNumber), 'no plaintext ID number');
    assert.ok(!row.includes(body.idNumber.slice(0, 14)), 'not even its first digits');
    assert.ok(!row.includes('13600001111'), 'no plaintext phone');
    assert.ok(!row.includes('wang.xiaohong'), 'no plaintext e-mail');
    assert.ok(!row.includes('望湖路'), 'no plaintext address');
    // Sealed under the active data key (platform/field-keys.ts), which the value names.
    assert.match(row, new RegExp(`"id_number_enc":"v2\\.${t.app.platform.fields.activeKeyId}\\.`));
    const profile = await getProfile(db, account.id);
    assert.equal(profile.idNumber, body.idNumber);
    assert.equal(profile.email, 'wang.xiaohong@example.cn');
    assert.equal(profile.address, '明湖市湖滨区望湖路88号');
  });

  test('contact fields an older version stored plain are sealed by the start pass, and read the same', async () => {
    const { account } = await signedUpCitizen();
    const db = t.app.platform.db;
    // As a database from before migration 0003 holds them.
    await sql`UPDATE identity_profiles SET email = 'old@example.cn', address = '明湖市旧街1号'
      WHERE account_id = ${account.id}`.execute(db);
    assert.equal((await getProfile(db, account.id)).address, '明湖市旧街1号', 'read plain until sealed');
    assert.ok((await sealPlainContactFields(db)) >= 1);
    const raw = await sql<{ row: string }>`
      SELECT row_to_json(p)::text AS row FROM identity_profiles p WHERE account_id = ${account.id}`.execute(
      db,
    );
    assert.ok(!raw.rows[0]!.row.includes('old@example.cn'));
    assert.ok(!raw.rows[0]!.row.includes('旧街'));
    const profile = await getProfile(db, account.id);
    assert.deepEqual([profile.email, profile.address], ['old@example.cn', '明湖市旧街1号']);
    assert.equal(await sealPlainContactFields(db), 0, 'nothing left: a second pass does nothing');
  });
});

describe('enterprise sign-up', () => {
  test('creates the enterprise account, its profile keeps company, credit code and legal representative', async () => {
    const browser = new Browser(t.app);
    const body = enterpriseBody({ creditCode: newCreditCode().toLowerCase() });
    const res = await browser.post('/api/v1/auth/signup/enterprise', body);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().account.kind, 'enterprise');
    assert.equal(res.json().account.name, '明湖测试科技有限公司');
    const { profile } = (await browser.get('/api/v1/me')).json();
    assert.equal(profile.companyName, '明湖测试科技有限公司');
    assert.equal(profile.creditCode, body.creditCode.toUpperCase());
    assert.equal(profile.legalRepName, '赵明湖');
    assert.equal(profile.phone, '13712345678');
    // The credit code signs in too, whatever its case.
    assert.equal((await signIn(new Browser(t.app), body.creditCode.toUpperCase())).statusCode, 200);
  });

  const first17 = '91339000MA0000999';
  const check = creditCodeCheckChar(first17);
  const codeProblems: [string, string, string][] = [
    ['too short', '91339000MA', 'creditCode.format'],
    ['a forbidden letter (O)', `91339000MAO000999${check}`, 'creditCode.format'],
    ['a wrong check character', `${first17}${check === '0' ? '1' : '0'}`, 'creditCode.checkChar'],
    [
      'no valid region inside',
      `91009000MA0000999${creditCodeCheckChar('91009000MA0000999')}`,
      'creditCode.region',
    ],
  ];
  for (const [label, creditCode, code] of codeProblems) {
    test(`credit code with ${label} is refused with its own message in zh-CN and en`, async () => {
      const before = await count('identity_accounts');
      for (const locale of ['zh-CN', 'en'] as const) {
        const res = await new Browser(t.app, locale).post(
          '/api/v1/auth/signup/enterprise',
          enterpriseBody({ creditCode }),
        );
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json().error.details, [
          {
            pointer: '/creditCode',
            code,
            message: identityFieldMessages[code as 'creditCode.format'][locale],
          },
        ]);
      }
      assert.equal(await count('identity_accounts'), before);
    });
  }

  test('the database holds no plaintext credit code', async () => {
    const body = enterpriseBody();
    const res = await new Browser(t.app).post('/api/v1/auth/signup/enterprise', body);
    const raw = await sql<{ row: string }>`
      SELECT row_to_json(a)::text || row_to_json(p)::text AS row
      FROM identity_accounts a JOIN identity_profiles p ON p.account_id = a.id
      WHERE a.id = ${res.json().account.id}`.execute(t.app.platform.db);
    assert.ok(!raw.rows[0]!.row.includes(body.creditCode));
    assert.ok(!raw.rows[0]!.row.includes(body.creditCode.slice(2, 8) + body.creditCode.slice(8, 12)));
    assert.ok(!raw.rows[0]!.row.includes(body.legalRepName), 'no plaintext legal representative');
    assert.equal(
      (await getProfile(t.app.platform.db, res.json().account.id)).legalRepName,
      body.legalRepName,
    );
  });

  test('a credit code already registered is ACCOUNT_EXISTS', async () => {
    const body = enterpriseBody();
    assert.equal((await new Browser(t.app).post('/api/v1/auth/signup/enterprise', body)).statusCode, 201);
    const again = await new Browser(t.app, 'zh-CN').post('/api/v1/auth/signup/enterprise', {
      ...body,
      companyName: '另一家公司',
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'ACCOUNT_EXISTS');
    assert.match(again.json().error.message, /已注册/);
  });
});

describe('bad input to sign-up and sign-in', () => {
  test('malformed JSON, unknown fields and wrong types are coded errors and write nothing', async () => {
    const before = await count('identity_accounts');
    const browser = new Browser(t.app);
    const malformed = await browser.post('/api/v1/auth/signup/citizen', '{"name": "王小红",', {
      'content-type': 'application/json',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'MALFORMED_JSON');

    const unknown = await browser.post('/api/v1/auth/signup/citizen', { ...citizenBody(), isAdmin: true });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.code, 'VALIDATION_FAILED');
    assert.ok(unknown.json().error.details.some((d: { pointer: string }) => d.pointer === '/isAdmin'));

    const wrongType = await browser.post('/api/v1/auth/signup/citizen', {
      ...citizenBody(),
      idNumber: 33900119900315,
    });
    assert.equal(wrongType.statusCode, 400);
    assert.ok(wrongType.json().error.details.some((d: { pointer: string }) => d.pointer === '/idNumber'));

    const missing = await browser.post('/api/v1/auth/signin', { login: 'someone' });
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.json().error.details.some((d: { pointer: string }) => d.pointer === '/password'));

    assert.equal(await count('identity_accounts'), before);
    assert.equal(await count('identity_profiles'), before);
  });
});

describe('sign-in and sign-out', () => {
  test('a citizen signs in with the ID number, signs out, and the old cookie no longer works', async () => {
    const { body, account } = await signedUpCitizen();
    const browser = new Browser(t.app);
    const res = await signIn(browser, ` ${body.idNumber} `);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { account: { id: account.id, kind: 'citizen', name: '王小红', roles: [] } });
    const token = browser.cookie('tb_session')!;
    assert.equal((await browser.get('/api/v1/me')).statusCode, 200);

    const out = await browser.post('/api/v1/auth/signout');
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === 'tb_session');
    assert.ok(cleared && cleared.value === '', 'the cookie is cleared');
    assert.equal((await browser.get('/api/v1/me')).statusCode, 401);
    const replay = await t.app.inject({ url: '/api/v1/me', cookies: { tb_session: token } });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, 'UNAUTHENTICATED');
  });

  test('a wrong password and an unknown login get the same answer', async () => {
    const { body } = await signedUpCitizen();
    const wrong = await signIn(new Browser(t.app), body.idNumber, 'wrong password 1');
    const unknown = await signIn(new Browser(t.app), newIdNumber(), PASSWORD);
    const nonsense = await signIn(new Browser(t.app), 'no such user', PASSWORD);
    for (const res of [wrong, unknown, nonsense]) {
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), {
        error: { code: 'INVALID_CREDENTIALS', message: 'The login or password is incorrect' },
      });
      assert.equal(
        res.cookies.find((c) => c.name === 'tb_session'),
        undefined,
      );
    }
  });

  test('staff sign in with their username and see their roles', async () => {
    const db = t.app.platform.db;
    await seedDemoOrg(db);
    const { id } = await createAccount(db, {
      kind: 'staff',
      username: 'test.officer',
      name: '钱多多',
      password: PASSWORD,
    });
    const hcd = (await getDepartmentByCode(db, 'HCD'))!;
    await assignRole(db, { accountId: id, departmentId: hcd.id, role: 'officer' });
    const browser = new Browser(t.app);
    const res = await signIn(browser, 'test.officer');
    assert.equal(res.statusCode, 200);
    const roles = [
      {
        role: 'officer',
        departmentId: hcd.id,
        departmentCode: 'HCD',
        departmentNameZh: '住房和城乡建设局',
        departmentNameEn: 'Housing and Urban-Rural Development Bureau',
      },
    ];
    assert.deepEqual(res.json().account.roles, roles);
    const me = (await browser.get('/api/v1/me')).json();
    assert.deepEqual(me.account.roles, roles);
    assert.deepEqual(me.profile, { accountId: id, kind: 'staff', name: '钱多多' });
  });

  test('sign-up, sign-in (success and failure) and sign-out are audited, never with the password', async () => {
    const { browser, account, body } = await signedUpCitizen();
    await signIn(new Browser(t.app), body.idNumber, 'not the password 9');
    await signIn(browser, body.idNumber);
    await browser.get('/api/v1/me');
    await browser.post('/api/v1/auth/signout');
    const { items } = await listAuditEntries(t.app.platform.db, {
      subjectType: 'account',
      subjectId: account.id,
      limit: 50,
    });
    const actions = items.map((e) => e.action).sort();
    assert.deepEqual(
      actions,
      ['account.signIn', 'account.signInFailed', 'account.signUp', 'profile.read'].sort(),
    );
    const text = JSON.stringify(items);
    assert.ok(!text.includes(PASSWORD) && !text.includes('not the password 9'));
    assert.ok(!text.includes(body.idNumber));
    const signOut = await listAuditEntries(t.app.platform.db, { subjectType: 'session', limit: 100 });
    assert.ok(signOut.items.some((e) => e.action === 'account.signOut' && e.actorId === account.id));
    const read = items.find((e) => e.action === 'profile.read')!;
    assert.equal(read.personalData, true);
  });
});

describe('lockout', () => {
  test('five failures in a row lock the account for 15 minutes, even against the right password', async () => {
    const { body } = await signedUpCitizen();
    const start = advance(new Date(), 0);
    for (let i = 1; i <= 4; i++) {
      const res = await signIn(new Browser(t.app), body.idNumber, `wrong ${i}abc`);
      assert.equal(res.json().error.code, 'INVALID_CREDENTIALS', `attempt ${i}`);
    }
    const fifth = await signIn(new Browser(t.app), body.idNumber, 'wrong 5abc');
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.json().error.code, 'ACCOUNT_LOCKED');
    const retryAt = new Date(start.getTime() + 15 * 60_000).toISOString();
    assert.ok(fifth.json().error.message.includes(retryAt.slice(11, 16)), fifth.json().error.message);
    assert.deepEqual(fifth.json().error.details, [{ retryAt }]);

    advance(start, 14 * 60_000);
    const stillLocked = await signIn(new Browser(t.app, 'zh-CN'), body.idNumber, PASSWORD);
    assert.equal(stillLocked.statusCode, 423);
    assert.match(stillLocked.json().error.message, /已锁定.*1 分钟/);

    advance(start, 15 * 60_000 + 1000);
    assert.equal((await signIn(new Browser(t.app), body.idNumber, PASSWORD)).statusCode, 200);
  });

  test('a successful sign-in resets the count of failures', async () => {
    const { body } = await signedUpCitizen();
    for (let i = 0; i < 4; i++) await signIn(new Browser(t.app), body.idNumber, 'wrong 1abc');
    assert.equal((await signIn(new Browser(t.app), body.idNumber)).statusCode, 200);
    for (let i = 0; i < 4; i++) {
      const res = await signIn(new Browser(t.app), body.idNumber, 'wrong 2abc');
      assert.equal(res.json().error.code, 'INVALID_CREDENTIALS');
    }
    assert.equal((await signIn(new Browser(t.app), body.idNumber)).statusCode, 200);
  });

  test('more than 20 sign-in attempts a minute from one address are rate limited', async () => {
    const browser = new Browser(t.app);
    for (let i = 0; i < 20; i++) {
      assert.equal((await signIn(browser, `nobody-${i}`)).statusCode, 401);
    }
    const limited = await signIn(browser, 'nobody-21');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
  });
});

describe('sessions', () => {
  test('a session ends after the idle time without use, and slides while used', async () => {
    const { body } = await signedUpCitizen();
    const idleMs = t.config.sessionIdleSeconds * 1000;
    const start = advance(new Date(), 0);
    const browser = new Browser(t.app);
    assert.equal((await signIn(browser, body.idNumber)).statusCode, 200);

    const used = advance(start, idleMs - 60_000);
    assert.equal((await browser.get('/api/v1/me')).statusCode, 200);
    // Measured from the last use, not from sign-in.
    advance(used, idleMs - 60_000);
    assert.equal((await browser.get('/api/v1/me')).statusCode, 200);
    advance(t.clock.now, idleMs + 1000);
    const expired = await browser.get('/api/v1/me');
    assert.equal(expired.statusCode, 401);
  });

  test('I see my live sessions with the current one marked, and end another one', async () => {
    const { body, browser: first } = await signedUpCitizen();
    t.clock.now = new Date();
    const second = new Browser(t.app);
    await signIn(second, body.idNumber);
    const list = await first.get('/api/v1/me/sessions');
    assert.equal(list.statusCode, 200);
    const items = list.json().items as { id: string; current: boolean; ip: string }[];
    assert.equal(items.length, 2);
    const mine = items.find((s) => s.current)!;
    const other = items.find((s) => !s.current)!;
    assert.equal(mine.ip, first.ip);
    assert.equal(other.ip, second.ip);

    const revoke = await first.delete(`/api/v1/me/sessions/${other.id}`);
    assert.equal(revoke.statusCode, 204);
    assert.equal((await second.get('/api/v1/me')).statusCode, 401);
    assert.equal((await first.get('/api/v1/me')).statusCode, 200);
    assert.deepEqual(
      (await first.get('/api/v1/me/sessions')).json().items.map((s: { id: string }) => s.id),
      [mine.id],
    );
    const again = await first.delete(`/api/v1/me/sessions/${other.id}`);
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'SESSION_NOT_FOUND');
  });

  test("another user's session cannot be ended", async () => {
    const alice = await signedUpCitizen();
    const bob = await signedUpCitizen();
    const bobSession = (await bob.browser.get('/api/v1/me/sessions')).json().items[0].id;
    const res = await alice.browser.delete(`/api/v1/me/sessions/${bobSession}`);
    assert.equal(res.statusCode, 404);
    assert.equal((await bob.browser.get('/api/v1/me')).statusCode, 200);
  });

  test('ending the current session signs me out', async () => {
    const { browser } = await signedUpCitizen();
    const id = (await browser.get('/api/v1/me/sessions')).json().items[0].id;
    const res = await browser.delete(`/api/v1/me/sessions/${id}`);
    assert.equal(res.statusCode, 204);
    assert.equal(res.cookies.find((c) => c.name === 'tb_session')?.value, '');
    assert.equal((await browser.get('/api/v1/me')).statusCode, 401);
  });

  test('a forged or malformed cookie is simply not signed in', async () => {
    for (const tb_session of ['x', 'A'.repeat(43), `${'A'.repeat(42)}!`]) {
      const res = await t.app.inject({ url: '/api/v1/me', cookies: { tb_session } });
      assert.equal(res.statusCode, 401);
    }
  });
});

describe('demo accounts', () => {
  test('seeding twice keeps one set of accounts; the printed logins work', async () => {
    const db = t.app.platform.db;
    await seedDemoOrg(db);
    const first = await seedDemoAccounts(db);
    const accounts = await count('identity_accounts');
    const second = await seedDemoAccounts(db);
    assert.deepEqual(second, first);
    assert.equal(await count('identity_accounts'), accounts);
    // citizen and enterprise, 3 posts in 9 departments, the auditor, 9 admins, then HC's 3 posts and admin
    assert.equal(first.length, 2 + 9 * 3 + 1 + 9 + 4);
    assert.deepEqual(
      first.slice(0, 2).map((a) => [a.login, a.kind, a.name]),
      [
        [DEMO_CITIZEN_ID, 'citizen', '张明'],
        [DEMO_CREDIT_CODE, 'enterprise', '明湖云帆科技有限公司'],
      ],
    );
    assert.match(DEMO_CREDIT_CODE, /^91339000MA/);
    const citizen = new Browser(t.app);
    assert.equal((await signIn(citizen, DEMO_CITIZEN_ID, DEMO_PASSWORD)).statusCode, 200);
    const { profile } = (await citizen.get('/api/v1/me')).json();
    assert.equal(profile.birthDate, '1990-03-15');
    const hcdHead = await signIn(new Browser(t.app), 'hcd.head', DEMO_PASSWORD);
    assert.deepEqual(
      hcdHead
        .json()
        .account.roles.map((r: { role: string; departmentCode: string }) => [r.departmentCode, r.role]),
      [['HCD', 'dept_head']],
    );
    const auditor = await signIn(new Browser(t.app), 'auditor', DEMO_PASSWORD);
    assert.equal(auditor.json().account.roles[0].role, 'auditor');
    const hcdAdmin = await signIn(new Browser(t.app), 'hcd.admin', DEMO_PASSWORD);
    assert.deepEqual(
      hcdAdmin
        .json()
        .account.roles.map((r: { role: string; departmentCode: string }) => [r.departmentCode, r.role]),
      [['HCD', 'dept_admin']],
    );
  });
});

describe('secure cookies', () => {
  test('behind HTTPS the session cookie is also Secure', async () => {
    const secure = await createTestApp({ secureCookies: true, fieldKey: t.config.fieldKey });
    try {
      const res = await new Browser(secure.app).post('/api/v1/auth/signup/citizen', citizenBody());
      assert.equal(res.statusCode, 201);
      assert.equal(res.cookies.find((c) => c.name === 'tb_session')?.secure, true);
    } finally {
      await secure.close();
    }
  });
});
