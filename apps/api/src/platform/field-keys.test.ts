import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { encryptedColumns, fieldKeyJobPass, modules } from '../app.ts';
import { demoApp, demoCitizen, hpfForm, signIn } from '../testing/demo.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { FieldCipher, keyIdOf, listFieldKeys, rotateFieldKey } from './field-keys.ts';
import { changeKek, fieldKeyStatus } from './field-keys-rotation.ts';
import { encryptField, FieldKeyError, fieldKeys } from './pii.ts';

let t: TestApp;
/** The demo citizen's resident ID number (from their profile: the platform imports no module). */
let DEMO_CITIZEN_ID: string;
before(async () => {
  t = await demoApp();
  DEMO_CITIZEN_ID = (await (await demoCitizen(t.app)).get('/api/v1/me')).json().profile.idNumber;
});
after(() => t.close());

const rows = async (text: string) =>
  (await sql.raw<Record<string, string>>(text).execute(t.database.db)).rows;
const rotate = () =>
  rotateFieldKey(t.database.db, { kek: t.config.fieldKey, suite: t.config.cryptoSuite, now: new Date() });

async function draft(c: Awaited<ReturnType<typeof demoCitizen>>, name: string): Promise<string> {
  const res = await c.post('/api/v1/applications', {
    serviceId: 'HPF-WD',
    formData: hpfForm(DEMO_CITIZEN_ID, name),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

/** Runs the re-encryption job until no key is retiring (a key retires on its second clean pass). */
async function drain(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await fieldKeyJobPass(t.app.platform);
    if (!(await listFieldKeys(t.database.db)).some((k) => k.status === 'retiring')) return;
  }
  assert.fail('keys still retiring after five passes');
}

describe('field encryption at rest', () => {
  test('raw tables hold no plaintext ID numbers, phones or answers, only values under the active key', async () => {
    const c = await demoCitizen(t.app);
    const id = await draft(c, '王小明');
    const active = t.app.platform.fields.activeKeyId;
    const [profile] = await rows(
      `SELECT p.id_number_enc, p.phone_enc FROM identity_profiles p WHERE p.id_number_enc IS NOT NULL LIMIT 1`,
    );
    assert.ok(profile);
    for (const v of Object.values(profile)) {
      assert.equal(keyIdOf(v), active);
      assert.doesNotMatch(v, /\d{11}/);
    }
    const all = await rows(`SELECT id_number_enc FROM identity_profiles WHERE id_number_enc IS NOT NULL`);
    assert.ok(all.every((r) => !r.id_number_enc?.includes(DEMO_CITIZEN_ID)));
    const [app] = await rows(`SELECT form_data_enc FROM applications_applications WHERE id = '${id}'`);
    const stored = app?.form_data_enc ?? '';
    assert.ok(stored.startsWith(`v2.${active}.`));
    for (const plain of ['王小明', DEMO_CITIZEN_ID, '13800138000', '6222020200112233445'])
      assert.ok(!stored.includes(plain));
    // Through the API the applicant reads their answers back.
    const read = await c.get(`/api/v1/applications/${id}`);
    assert.equal(read.json().formData.applicant.name, '王小明');
  });

  test('a value in the v1 format (sealed with the KEK itself) still opens, and the job moves it to the active key', async () => {
    const c = await demoCitizen(t.app);
    const id = await draft(c, '李四');
    const legacy = encryptField(
      fieldKeys(t.config.fieldKey),
      JSON.stringify(hpfForm(DEMO_CITIZEN_ID, '旧格式')),
    );
    await sql`UPDATE applications_applications SET form_data_enc = ${legacy} WHERE id = ${id}`.execute(
      t.database.db,
    );
    assert.equal((await c.get(`/api/v1/applications/${id}`)).json().formData.applicant.name, '旧格式');
    // The legacy key is recorded as retiring, so the job sweeps v1 values like any old key.
    await drain();
    const [row] = await rows(`SELECT form_data_enc FROM applications_applications WHERE id = '${id}'`);
    assert.equal(keyIdOf(row?.form_data_enc ?? ''), t.app.platform.fields.activeKeyId);
    assert.equal((await c.get(`/api/v1/applications/${id}`)).json().formData.applicant.name, '旧格式');
    const v1 = (await listFieldKeys(t.database.db)).find((k) => k.id === 'v1');
    assert.equal(v1?.status, 'retired');
  });

  test('a value altered at rest fails authentication instead of opening', () => {
    const f = t.app.platform.fields;
    const sealed = f.encrypt('110105199003071234');
    const tail = sealed.at(-2) === 'A' ? 'B' : 'A';
    assert.throws(() => f.decrypt(`${sealed.slice(0, -2)}${tail}${sealed.at(-1)}`), FieldKeyError);
    assert.equal(f.decrypt(sealed), '110105199003071234');
  });
});

describe('key rotation without downtime', () => {
  test('rotating while two writers keep filing drafts loses nothing and leaves nothing under the old key', async () => {
    await drain();
    const before = t.app.platform.fields.activeKeyId;
    const writers = await Promise.all([demoCitizen(t.app), demoCitizen(t.app)]);
    const written: { id: string; name: string }[] = [];
    let rotated = false;
    let passes = 0;
    const write = async (c: (typeof writers)[number], w: number) => {
      for (let i = 0; i < 12; i++) {
        const name = `并发${w}-${i}`;
        written.push({ id: await draft(c, name), name });
      }
    };
    const rotateMidway = async () => {
      while (written.length < 6) await new Promise((r) => setTimeout(r, 5));
      await rotate();
      rotated = true;
      // The job runs while the writers are still writing.
      while (written.length < 20) {
        await fieldKeyJobPass(t.app.platform);
        passes++;
      }
    };
    await Promise.all([write(writers[0], 0), write(writers[1], 1), rotateMidway()]);
    assert.ok(rotated && passes > 0);
    await drain();

    const after = t.app.platform.fields.activeKeyId;
    assert.notEqual(after, before);
    const keys = await listFieldKeys(t.database.db);
    assert.equal(keys.find((k) => k.id === before)?.status, 'retired');
    // Nothing under the old key in any declared column, and every row still opens.
    const status = await fieldKeyStatus(t.database.db, encryptedColumns);
    assert.deepEqual(
      Object.entries(status.pending).filter(([, n]) => n > 0),
      [],
    );
    assert.equal(status.keys.find((k) => k.id === before)?.values, 0);
    const stored = await rows(`SELECT id, form_data_enc FROM applications_applications`);
    for (const r of stored) assert.equal(keyIdOf(r.form_data_enc ?? ''), after);
    const c = writers[0];
    for (const w of written) {
      const res = await c.get(`/api/v1/applications/${w.id}`);
      assert.equal(res.json().formData.applicant.name, w.name);
    }
    assert.equal(written.length, 24);
  });

  test('exact lookup by ID number (blind index) keeps working across rotations', async () => {
    await rotate();
    await drain();
    // Signing in by ID number finds the account through its blind index.
    const res = await (await signIn(t.app, DEMO_CITIZEN_ID)).get('/api/v1/me');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().profile.idNumber, DEMO_CITIZEN_ID);
  });

  test('a value under a key another process made a moment ago opens after one reload', async () => {
    // Another process: its own cipher on the same database rotates and seals under the new key.
    const other = new FieldCipher(t.database.db, t.config.fieldKey, t.config.cryptoSuite);
    await other.ready();
    await rotateFieldKey(t.database.db, { kek: t.config.fieldKey, suite: 'intl', now: new Date() });
    await other.reload();
    const sealed = other.encrypt('来自另一进程');
    assert.equal(await t.app.platform.fields.decryptAsync(sealed), '来自另一进程');
    await assert.rejects(
      t.app.platform.fields.decryptAsync(`v2.0190aaaa-0000-7000-8000-000000000000.${sealed.split('.')[2]}`),
      FieldKeyError,
    );
  });
});

describe('a new key-encryption key (FIELD_KEY)', () => {
  test('rekek wraps the data keys again and re-indexes logins; values open and ID lookup works under the new key', async () => {
    const db = t.database.db;
    const sealed = t.app.platform.fields.encrypt('换主密钥之前');
    const newKek = randomBytes(32).toString('base64url');
    const reindexers = modules.flatMap((m) => (m.reindex ? [m.reindex] : []));
    const change = (previousKek: string, kek: string) =>
      changeKek(db, { previousKek, kek, declared: encryptedColumns, reindexers });
    const done = await change(t.config.fieldKey, newKek);
    assert.ok(done.keys >= 2 && done.indexed >= 2, JSON.stringify(done));
    // A process started with the new FIELD_KEY opens what was sealed before, and finds logins.
    const restarted = new FieldCipher(db, newKek, t.config.cryptoSuite);
    await restarted.ready();
    assert.equal(restarted.decrypt(sealed), '换主密钥之前');
    const [found] = await rows(
      `SELECT id FROM identity_accounts WHERE login_index = '${restarted.blindIndex(DEMO_CITIZEN_ID)}'`,
    );
    assert.ok(found, 'the demo citizen is found by the blind index under the new KEK');
    // The old KEK opens nothing any more.
    await assert.rejects(new FieldCipher(db, t.config.fieldKey, t.config.cryptoSuite).ready(), FieldKeyError);
    // Back to the test key, and sign-in by ID number works again.
    await change(newKek, t.config.fieldKey);
    await signIn(t.app, DEMO_CITIZEN_ID);
  });
});

describe('national suite (SM4-CTR + HMAC-SM3)', () => {
  let n: TestApp;
  before(async () => {
    n = await createTestApp({ cryptoSuite: 'national' });
  });
  after(() => n.close());

  test('data keys are made for SM4; values round-trip and tampering is detected', async () => {
    const f = n.app.platform.fields;
    const key = (await listFieldKeys(n.database.db)).find((k) => k.status === 'active');
    assert.equal(key?.suite, 'national');
    const sealed = f.encrypt('张三 110105199003071234');
    assert.equal(f.decrypt(sealed), '张三 110105199003071234');
    const body = Buffer.from(sealed.split('.')[2] ?? '', 'base64url');
    // Version byte 0x02: SM4-CTR body with an HMAC-SM3 tag.
    assert.equal(body[0], 0x02);
    body[20] = (body[20] ?? 0) ^ 1;
    assert.throws(() => f.decrypt(`v2.${key?.id}.${body.toString('base64url')}`), FieldKeyError);
  });

  test('switching the deployment suite rotates into a key of the new suite; old values stay readable', async () => {
    const intl = n.app.platform.fields;
    const old = intl.encrypt('切换前');
    // The same database seen by a process configured for the other suite.
    const switched = new FieldCipher(n.database.db, n.config.fieldKey, 'intl');
    await switched.ready();
    const keys = await listFieldKeys(n.database.db);
    assert.equal(keys.find((k) => k.status === 'active')?.suite, 'intl');
    assert.equal(keys.find((k) => k.id === intl.activeKeyId)?.status, 'retiring');
    assert.equal(switched.decrypt(old), '切换前');
    assert.equal(Buffer.from(switched.encrypt('x').split('.')[2] ?? '', 'base64url')[0], 0x01);
  });
});
