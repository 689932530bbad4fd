import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compactVerify, createLocalJWKSet } from 'jose';
import { sql } from 'kysely';
import pino from 'pino';
import { sm2 } from 'sm-crypto-v2';
import { type PublicJwk, verifyCompactJws } from '../../platform/crypto.ts';
import { openDatabase } from '../../platform/db.ts';
import { pgListen } from '../../platform/listen.ts';
import { seedDemoIfEmpty } from '../../seed/demo.ts';
import { signIn } from '../../testing/demo.ts';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { getDepartmentByCode, listDepartments } from '../org/index.ts';
import { didFor, sealSvg, signBytesAs, signJwsAs, trustedKey, verifyJwsWithTrust } from './index.ts';
import { keyCache } from './trust.keys.ts';

/** The AppError code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

const text = (s: string) => Buffer.from(s, 'utf8');

async function trustApp(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const t = await createTestApp(overrides);
  await seedDemoIfEmpty(t.app.platform);
  return t;
}

async function departmentId(t: TestApp, code: string): Promise<string> {
  const d = await getDepartmentByCode(t.app.platform.db, code);
  assert.ok(d, code);
  return d.id;
}

describe('trust: keys, signatures, JWKS and did:web (intl suite)', () => {
  let t: TestApp;
  let hpf: string;
  let admin: TestClient;
  const anonymous = () => new TestClient(t.app);

  before(async () => {
    t = await trustApp();
    hpf = await departmentId(t, 'HPF');
    admin = await signIn(t.app, 'hpf.admin');
  });
  after(() => t.close());

  test('the first signature makes the key (EdDSA in the intl suite); the JWS verifies through JWKS', async () => {
    const ctx = t.app.platform;
    const signed = await signJwsAs(ctx, hpf, { licence: 'L-1' }, { typ: 'test+jwt' });
    assert.equal(signed.alg, 'EdDSA');
    const again = await signJwsAs(ctx, hpf, { licence: 'L-2' });
    assert.equal(again.kid, signed.kid, 'the same active key signs again');

    const verified = await verifyJwsWithTrust(ctx, signed.jws);
    assert.deepEqual(JSON.parse(Buffer.from(verified.payload).toString('utf8')), { licence: 'L-1' });
    assert.equal(verified.header.typ, 'test+jwt');
    assert.equal(verified.key.owner, hpf);
    assert.equal(verified.key.status, 'active');

    const jwks = await anonymous().get(`/api/v1/trust/jwks/${hpf}`);
    assert.equal(jwks.statusCode, 200);
    assert.equal(jwks.headers['access-control-allow-origin'], '*');
    const keys = jwks.json().keys as (PublicJwk & { kid: string; use: string })[];
    const published = keys.find((k) => k.kid === signed.kid);
    assert.ok(published);
    assert.deepEqual(Object.keys(published).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.deepEqual(
      [published.kty, published.crv, published.alg, published.use],
      ['OKP', 'Ed25519', 'EdDSA', 'sig'],
    );
    // A standard verifier, given only the published JWKS, accepts the signature.
    const { payload } = await compactVerify(signed.jws, createLocalJWKSet(jwks.json()));
    assert.deepEqual(JSON.parse(Buffer.from(payload).toString('utf8')), { licence: 'L-1' });

    const all = (await anonymous().get('/api/v1/trust/jwks')).json().keys as { kid: string }[];
    assert.ok(all.some((k) => k.kid === signed.kid));
    assert.equal(
      (await anonymous().get('/api/v1/trust/jwks/01990000-0000-7000-8000-000000000000')).statusCode,
      404,
    );
    assert.equal((await anonymous().get('/api/v1/trust/jwks/nobody')).statusCode, 400);
  });

  test('every signature is audited with owner, kid, purpose and digest', async () => {
    const ctx = t.app.platform;
    const { kid } = await signJwsAs(ctx, hpf, { n: 1 }, { typ: 'audited+jwt' });
    const { signature } = await signBytesAs(ctx, hpf, text('raw bytes'));
    assert.equal(signature.length, 64);
    const rows = await sql<{ action: string; subject_id: string; details: Record<string, unknown> }>`
      SELECT action, subject_id, details FROM audit_entries WHERE action = 'trust.sign' AND subject_id = ${kid}`.execute(
      ctx.db,
    );
    const purposes = rows.rows.map((r) => r.details.purpose);
    assert.ok(purposes.includes('audited+jwt'));
    assert.ok(purposes.includes('bytes'));
    for (const r of rows.rows) {
      assert.equal(r.details.owner, hpf);
      assert.match(String(r.details.digest), /^[0-9a-f]{64}$/);
    }
  });

  test('did:web: the platform at /.well-known/did.json, departments at /dids/<id>/did.json', async () => {
    const ctx = t.app.platform;
    await signJwsAs(ctx, 'platform', { head: 1 }, { typ: 'tree-head+jwt' });
    await signJwsAs(ctx, hpf, { x: 1 });
    const port = new URL(t.config.publicUrl).port;
    const host = new URL(t.config.publicUrl).hostname;
    assert.equal(didFor(ctx, 'platform'), `did:web:${host}${port ? `%3A${port}` : ''}`);
    assert.equal(didFor(ctx, hpf), `${didFor(ctx, 'platform')}:dids:${hpf}`);

    for (const [url, owner] of [
      ['/.well-known/did.json', 'platform'],
      [`/dids/${hpf}/did.json`, hpf],
    ] as const) {
      const res = await anonymous().get(url);
      assert.equal(res.statusCode, 200, url);
      const doc = res.json();
      const did = didFor(ctx, owner);
      assert.equal(doc.id, did);
      assert.ok(doc['@context'].includes('https://www.w3.org/ns/did/v1'));
      assert.ok(doc.verificationMethod.length >= 1);
      for (const m of doc.verificationMethod) {
        assert.equal(m.type, 'JsonWebKey2020');
        assert.equal(m.controller, did);
        assert.equal(m.id, `${did}#${m.publicKeyJwk.kid}`);
        assert.equal('d' in m.publicKeyJwk, false);
      }
      assert.deepEqual(
        doc.assertionMethod,
        doc.verificationMethod.map((m: { id: string }) => m.id),
      );
      assert.equal(doc.authentication.length, 1);
    }
    assert.equal(
      (await anonymous().get('/dids/01990000-0000-7000-8000-000000000000/did.json')).statusCode,
      404,
    );
  });

  test('rotation: the old key is retired and still verifies, new signatures carry the new kid', async () => {
    const ctx = t.app.platform;
    const before = await signJwsAs(ctx, hpf, { when: 'before' });
    const res = await admin.post(`/api/v1/admin/trust/keys/${before.kid}/rotate`, {});
    assert.equal(res.statusCode, 201, res.body);
    const change = res.json();
    assert.equal(change.key.kid, before.kid);
    assert.equal(change.key.status, 'retired');
    assert.ok(change.key.retiredAt);
    assert.equal(change.active.status, 'active');
    assert.notEqual(change.active.kid, before.kid);

    const afterSig = await signJwsAs(ctx, hpf, { when: 'after' });
    assert.equal(afterSig.kid, change.active.kid);
    const old = await verifyJwsWithTrust(ctx, before.jws);
    assert.equal(old.key.status, 'retired');
    assert.equal((await verifyJwsWithTrust(ctx, afterSig.jws)).key.status, 'active');

    // Both keys are published; only the new one authenticates.
    const kids = (await anonymous().get(`/api/v1/trust/jwks/${hpf}`))
      .json()
      .keys.map((k: { kid: string }) => k.kid);
    assert.ok(kids.includes(before.kid) && kids.includes(afterSig.kid));
    const doc = (await anonymous().get(`/dids/${hpf}/did.json`)).json();
    assert.deepEqual(doc.authentication, [`${didFor(ctx, hpf)}#${afterSig.kid}`]);

    // A retired key cannot be rotated again.
    const again = await admin.post(`/api/v1/admin/trust/keys/${before.kid}/rotate`, {});
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'TRUST_KEY_NOT_ACTIVE');
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_entries WHERE action = 'trust.key.rotate' AND subject_id = ${before.kid}`.execute(
      ctx.db,
    );
    assert.equal(audit.rows[0]!.n, 1);
  });

  test('a compromised key: its signatures are refused, and a new key replaces it', async () => {
    const ctx = t.app.platform;
    const signed = await signJwsAs(ctx, hpf, { doc: 'compromised' });
    const res = await admin.post(`/api/v1/admin/trust/keys/${signed.kid}/compromised`, {
      reason: 'HSM lost',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().key.status, 'compromised');
    assert.ok(res.json().active.kid);
    assert.equal(await codeOf(verifyJwsWithTrust(ctx, signed.jws)), 'TRUST_KEY_COMPROMISED');
    assert.equal((await trustedKey(ctx, signed.kid))?.status, 'compromised');
    const kids = (await anonymous().get(`/api/v1/trust/jwks/${hpf}`))
      .json()
      .keys.map((k: { kid: string }) => k.kid);
    assert.equal(kids.includes(signed.kid), false, 'no longer published');
    const next = await signJwsAs(ctx, hpf, { doc: 'next' });
    assert.equal(next.kid, res.json().active.kid);
    const twice = await admin.post(`/api/v1/admin/trust/keys/${signed.kid}/compromised`, {});
    assert.equal(twice.json().error.code, 'TRUST_KEY_ALREADY_COMPROMISED');
  });

  test('another process drops its cached keys when this one rotates or reports a compromise (LISTEN/NOTIFY)', async () => {
    const ctx = t.app.platform;
    const cab = await departmentId(t, 'CAB');
    const cabAdmin = await signIn(t.app, 'cab.admin');
    // The other process: its own key cache (one per config), listening on its own connection.
    const other = { ...ctx, config: { ...ctx.config } };
    const cache = keyCache(other);
    const stop = await cache.listen(pgListen(t.config.databaseUrl!, pino({ level: 'silent' })), ctx.db);
    const waitFor = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
      let v = await read();
      for (let i = 0; i < 250 && !done(v); i += 1) {
        await new Promise((r) => setTimeout(r, 20));
        v = await read();
      }
      return v;
    };
    try {
      assert.equal(cache.isLive, true);
      const first = await signJwsAs(other, cab, { n: 1 });
      await signJwsAs(other, cab, { n: 2 });
      assert.equal(cache.unseals, 1, 'the unsealed key is served from memory');
      // A business transaction (a licence issue) signs with the cached key too, and audits in itself.
      const inTx = await ctx.db.transaction().execute((tx) => signJwsAs({ ...other, db: tx }, cab, { n: 3 }));
      assert.equal(inTx.kid, first.kid);
      assert.equal(cache.unseals, 1, 'a transaction does not unseal the key again');
      assert.equal((await verifyJwsWithTrust(other, first.jws)).key.status, 'active');

      const rotated = await cabAdmin.post(`/api/v1/admin/trust/keys/${first.kid}/rotate`, {});
      assert.equal(rotated.statusCode, 201);
      const next = await waitFor(
        () => signJwsAs(other, cab, { n: 3 }),
        (r) => r.kid !== first.kid,
      );
      assert.equal(next.kid, rotated.json().active.kid, 'the other process signs with the new key');
      assert.equal(cache.unseals, 2);

      const compromised = await cabAdmin.post(`/api/v1/admin/trust/keys/${first.kid}/compromised`, {});
      assert.equal(compromised.statusCode, 200);
      const refused = await waitFor(
        () => codeOf(verifyJwsWithTrust(other, first.jws)),
        (code) => code !== undefined,
      );
      assert.equal(refused, 'TRUST_KEY_COMPROMISED');
    } finally {
      await stop();
      assert.equal(cache.isLive, false);
    }
  });

  test('forged, altered or foreign JWS are refused with coded errors', async () => {
    const ctx = t.app.platform;
    const { jws } = await signJwsAs(ctx, hpf, { amountFen: 100 });
    const [h, p, s] = jws.split('.') as [string, string, string];
    const altered = `${h}.${Buffer.from(JSON.stringify({ amountFen: 100000 })).toString('base64url')}.${s}`;
    assert.equal(await codeOf(verifyJwsWithTrust(ctx, altered)), 'TRUST_SIGNATURE_INVALID');
    assert.equal(await codeOf(verifyJwsWithTrust(ctx, `${h}.${p}`)), 'TRUST_SIGNATURE_INVALID');
    const otherKid = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'unknown-kid' })).toString('base64url');
    assert.equal(await codeOf(verifyJwsWithTrust(ctx, `${otherKid}.${p}.${s}`)), 'TRUST_KEY_UNKNOWN');
    // Claiming another algorithm for a known kid does not help.
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const es = Buffer.from(JSON.stringify({ ...header, alg: 'ES256' })).toString('base64url');
    assert.equal(await codeOf(verifyJwsWithTrust(ctx, `${es}.${p}.${s}`)), 'TRUST_SIGNATURE_INVALID');
  });

  test('the private key column is sealed: no JWK "d" in the clear, and it only opens with the kid as AAD', async () => {
    const ctx = t.app.platform;
    await signJwsAs(ctx, hpf, { x: 1 });
    const rows = await sql<{
      kid: string;
      private_sealed: Buffer;
      sealed_with: string;
      public_jwk: PublicJwk;
    }>`
      SELECT kid, private_sealed, sealed_with, public_jwk FROM trust_keys`.execute(ctx.db);
    assert.ok(rows.rows.length >= 2);
    for (const r of rows.rows) {
      assert.equal(r.sealed_with, 'intl');
      const raw = r.private_sealed.toString('latin1');
      assert.equal(raw.includes('"d"'), false);
      assert.equal(raw.includes(r.public_jwk.x), false);
      assert.equal(r.private_sealed[0], 0x01, 'AES-256-GCM format');
      assert.equal('d' in r.public_jwk, false);
    }
  });

  test('two processes signing for a new owner at once end with one active key', async () => {
    const ctx = t.app.platform;
    // A department nothing has signed for yet (the demo seed signs some departments' licences).
    const owners = new Set(
      (await sql<{ owner: string }>`SELECT DISTINCT owner FROM trust_keys`.execute(ctx.db)).rows.map(
        (r) => r.owner,
      ),
    );
    const keyless = (await listDepartments(ctx.db)).find((d) => !owners.has(d.id));
    assert.ok(keyless, 'a department without a key');
    const owner = keyless.id;
    // Each "process": its own connection pool and its own key cache (the cache is per config).
    const pools = [openDatabase(t.config.databaseUrl!, 3), openDatabase(t.config.databaseUrl!, 3)];
    try {
      const processes = pools.map((p) => ({ ...ctx, db: p.db, config: { ...ctx.config } }));
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => signJwsAs(processes[i % 2]!, owner, { i })),
      );
      assert.equal(new Set(results.map((r) => r.kid)).size, 1);
      for (const r of results) await verifyJwsWithTrust(ctx, r.jws);
    } finally {
      for (const p of pools) await p.close();
    }
    const keys = await sql<{ n: number; created: number }>`
      SELECT count(*)::int AS n,
             (SELECT count(*)::int FROM audit_entries WHERE action = 'trust.key.create' AND details->>'owner' = ${owner}) AS created
        FROM trust_keys WHERE owner = ${owner}`.execute(ctx.db);
    assert.deepEqual(keys.rows[0], { n: 1, created: 1 });
  });
});

describe('trust: the national suite (SM2 keys, SM4 sealing)', () => {
  let t: TestApp;
  before(async () => {
    t = await trustApp({ cryptoSuite: 'national' });
  });
  after(() => t.close());

  test('keys are SM2, verify with sm-crypto-v2, and are sealed with SM4-CTR + HMAC-SM3', async () => {
    const ctx = t.app.platform;
    const tax = await departmentId(t, 'TAX');
    const signed = await signJwsAs(ctx, tax, { cert: 'C-1' }, { typ: 'vc+jwt' });
    assert.equal(signed.alg, 'SM2');
    const verified = await verifyJwsWithTrust(ctx, signed.jws);
    assert.equal(verified.key.publicJwk.crv, 'SM2');
    const jwk = verified.key.publicJwk;
    const pub = `04${Buffer.from(jwk.x, 'base64url').toString('hex')}${Buffer.from(jwk.y ?? '', 'base64url').toString('hex')}`;
    const [h, p, s] = signed.jws.split('.') as [string, string, string];
    assert.equal(
      sm2.doVerifySignature(text(`${h}.${p}`), Buffer.from(s, 'base64url').toString('hex'), pub, {
        hash: true,
      }),
      true,
    );
    assert.doesNotThrow(() => verifyCompactJws(signed.jws, verified.key));
    const row = await sql<{ private_sealed: Buffer; sealed_with: string }>`
      SELECT private_sealed, sealed_with FROM trust_keys WHERE kid = ${signed.kid}`.execute(ctx.db);
    assert.equal(row.rows[0]!.sealed_with, 'national');
    assert.equal(row.rows[0]!.private_sealed[0], 0x02);
    const jwks = (await new TestClient(t.app).get(`/api/v1/trust/jwks/${tax}`)).json();
    assert.equal(jwks.keys[0].alg, 'SM2');
    assert.equal(jwks.keys[0].crv, 'SM2');
  });

  test('a department may choose EdDSA in a national deployment; both owners verify', async () => {
    const ctx = t.app.platform;
    const hpf = await departmentId(t, 'HPF');
    const admin = await signIn(t.app, 'hpf.admin');
    const res = await admin.post('/api/v1/admin/trust/keys', { owner: hpf, alg: 'EdDSA' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().alg, 'EdDSA');
    const ed = await signJwsAs(ctx, hpf, { a: 1 });
    assert.equal(ed.alg, 'EdDSA');
    const sm = await signJwsAs(ctx, 'platform', { b: 2 });
    assert.equal(sm.alg, 'SM2');
    assert.equal((await verifyJwsWithTrust(ctx, ed.jws)).key.owner, hpf);
    assert.equal((await verifyJwsWithTrust(ctx, sm.jws)).key.owner, 'platform');
  });
});

describe('sealSvg', () => {
  test('a red round seal with the name on the top arc and a star; the same name gives the same bytes', () => {
    const svg = sealSvg('住房公积金管理中心');
    assert.equal(svg, sealSvg('住房公积金管理中心'));
    assert.notEqual(svg, sealSvg('税务局'));
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<circle [^>]*stroke="#d7141a"/);
    assert.equal((svg.match(/<polygon /g) ?? []).length, 1);
    assert.equal((svg.match(/<polygon [^>]*points="([^"]+)"/)?.[1] ?? '').split(' ').length, 10);
    const glyphs = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<\/text>/g)];
    assert.deepEqual(
      glyphs.map((g) => g[3]),
      [...'住房公积金管理中心'],
    );
    // Clockwise over the top, symmetric about the vertical axis: the middle character at the top.
    const at = (i: number) => ({ x: Number(glyphs[i]![1]), y: Number(glyphs[i]![2]) });
    assert.ok(at(0).x < 100 && at(8).x > 100);
    assert.ok(Math.abs(at(0).x + at(8).x - 200) < 0.02 && Math.abs(at(0).y - at(8).y) < 0.02);
    assert.deepEqual(at(4), { x: 100, y: 32 });
    assert.match(sealSvg('<script>&'), /&#60;script&#62;&#38;/);
    assert.equal(sealSvg('<script>').includes('<script>'), false);
  });
});
