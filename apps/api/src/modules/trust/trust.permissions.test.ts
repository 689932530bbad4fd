import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedDemoIfEmpty } from '../../seed/demo.ts';
import { signIn } from '../../testing/demo.ts';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { signJwsAs } from './index.ts';

/**
 * Signing keys: only a dept_admin of the owning department lists, creates, rotates and marks its
 * keys compromised; platform keys are not managed over HTTP at all. The public documents (JWKS,
 * did.json) need no sign-in.
 */
type Who = 'anonymous' | 'citizen' | 'hpfOfficer' | 'hrssAdmin' | 'hpfAdmin';

const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  citizen: DEMO_CITIZEN_ID,
  hpfOfficer: 'hpf.officer',
  hrssAdmin: 'hrss.admin',
  hpfAdmin: 'hpf.admin',
};

/** Expected status per action on the housing fund's keys. */
const expected: Record<
  Who,
  { list: number; listHpf: number; create: number; rotate: number; compromise: number; platform: number }
> = {
  anonymous: { list: 401, listHpf: 401, create: 401, rotate: 401, compromise: 401, platform: 401 },
  citizen: { list: 403, listHpf: 403, create: 403, rotate: 403, compromise: 403, platform: 403 },
  hpfOfficer: { list: 403, listHpf: 403, create: 403, rotate: 403, compromise: 403, platform: 403 },
  hrssAdmin: { list: 200, listHpf: 403, create: 403, rotate: 403, compromise: 403, platform: 403 },
  hpfAdmin: { list: 200, listHpf: 200, create: 201, rotate: 201, compromise: 200, platform: 403 },
};

describe('signing keys permission matrix', () => {
  let t: TestApp;
  let hpf: string;
  const clients = {} as Record<Who, TestClient>;

  before(async () => {
    t = await createTestApp();
    await seedDemoIfEmpty(t.app.platform);
    hpf = (await getDepartmentByCode(t.app.platform.db, 'HPF'))!.id;
    clients.anonymous = new TestClient(t.app);
    for (const [who, login] of Object.entries(LOGINS) as [Exclude<Who, 'anonymous'>, string][]) {
      clients[who] = await signIn(t.app, login);
    }
  });
  after(() => t.close());

  for (const who of Object.keys(expected) as Who[]) {
    test(`${who}`, async () => {
      const ctx = t.app.platform;
      const c = clients[who];
      const want = expected[who];
      // A fresh active key of each owner for this row of the matrix.
      const active = (await signJwsAs(ctx, hpf, { who })).kid;
      const platform = (await signJwsAs(ctx, 'platform', { who })).kid;

      const list = await c.get('/api/v1/admin/trust/keys');
      assert.equal(list.statusCode, want.list, `list: ${list.body}`);
      if (list.statusCode === 200) {
        const owners = new Set(list.json().items.map((k: { owner: string }) => k.owner));
        assert.equal(owners.has('platform'), false, 'platform keys are never listed');
        assert.equal(owners.has(hpf), who === 'hpfAdmin');
      }
      assert.equal(
        (await c.get(`/api/v1/admin/trust/keys?owner=${hpf}`)).statusCode,
        want.listHpf,
        'list hpf',
      );

      const rotate = await c.post(`/api/v1/admin/trust/keys/${active}/rotate`, {});
      assert.equal(rotate.statusCode, want.rotate, `rotate: ${rotate.body}`);
      const current = rotate.statusCode === 201 ? rotate.json().active.kid : active;
      const compromise = await c.post(`/api/v1/admin/trust/keys/${current}/compromised`, { reason: 'test' });
      assert.equal(compromise.statusCode, want.compromise, `compromise: ${compromise.body}`);
      const create = await c.post('/api/v1/admin/trust/keys', { owner: hpf, alg: 'ES256' });
      assert.equal(create.statusCode, want.create, `create: ${create.body}`);

      const platformRotate = await c.post(`/api/v1/admin/trust/keys/${platform}/rotate`, {});
      assert.equal(platformRotate.statusCode, want.platform);
      if (who === 'hpfAdmin') assert.equal(platformRotate.json().error.code, 'TRUST_PLATFORM_KEY_CLI_ONLY');
      // The body schema takes department ids only.
      const platformCreate = await c.post('/api/v1/admin/trust/keys', { owner: 'platform' });
      assert.equal(platformCreate.statusCode, 400);

      // Whatever was refused left the key as it was.
      if (want.rotate !== 201) {
        const jwks = (await c.get(`/api/v1/trust/jwks/${hpf}`)).json().keys as { kid: string }[];
        assert.ok(
          jwks.some((k) => k.kid === active),
          'the refused rotation changed nothing',
        );
        assert.equal((await signJwsAs(ctx, hpf, { again: who })).kid, active);
      }

      // Public documents need no sign-in.
      assert.equal((await c.get('/api/v1/trust/jwks')).statusCode, 200);
      assert.equal((await c.get(`/dids/${hpf}/did.json`)).statusCode, 200);
      assert.equal((await c.get('/.well-known/did.json')).statusCode, 200);
    });
  }
});
