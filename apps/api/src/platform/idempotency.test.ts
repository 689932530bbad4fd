import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp, TestClient } from '../testing/harness.ts';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let calls = 0;
  before(async () => {
    t = await createTestApp({}, (app) => {
      app.post('/api/v1/test/counter', async (req, reply) => {
        calls += 1;
        const body = req.body as { fail?: boolean; slowMs?: number };
        if (body.slowMs) await new Promise((r) => setTimeout(r, body.slowMs));
        if (body.fail) return reply.code(409).send({ error: { code: 'CONFLICT', message: 'x' } });
        return reply.code(201).send({ call: calls });
      });
    });
  });
  after(async () => t.close());

  test('a repeat with the same key and body gets the first answer without running again', async () => {
    const c = new TestClient(t.app);
    const first = await c.post('/api/v1/test/counter', { n: 1 }, { 'idempotency-key': 'key-replay-0001' });
    assert.equal(first.statusCode, 201);
    const again = await c.post('/api/v1/test/counter', { n: 1 }, { 'idempotency-key': 'key-replay-0001' });
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first.json());
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(calls, 1);
  });

  test('the same key on a different request is refused', async () => {
    const c = new TestClient(t.app);
    await c.post('/api/v1/test/counter', { n: 1 }, { 'idempotency-key': 'key-reused-0001' });
    const other = await c.post('/api/v1/test/counter', { n: 2 }, { 'idempotency-key': 'key-reused-0001' });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a concurrent repeat while the first runs is told to retry', async () => {
    const c = new TestClient(t.app);
    await c.refreshCsrf();
    const [a, b] = await Promise.all([
      c.post('/api/v1/test/counter', { slowMs: 150 }, { 'idempotency-key': 'key-concurrent-1' }),
      new Promise((r) => setTimeout(r, 30)).then(() =>
        c.post('/api/v1/test/counter', { slowMs: 150 }, { 'idempotency-key': 'key-concurrent-1' }),
      ),
    ]);
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 409);
    assert.equal(b.json().error.code, 'IDEMPOTENCY_IN_PROGRESS');
  });

  test('a failed attempt frees the key', async () => {
    const c = new TestClient(t.app);
    const failed = await c.post(
      '/api/v1/test/counter',
      { fail: true },
      { 'idempotency-key': 'key-failed-0001' },
    );
    assert.equal(failed.statusCode, 409);
    const before = calls;
    const retried = await c.post(
      '/api/v1/test/counter',
      { fail: true },
      { 'idempotency-key': 'key-failed-0001' },
    );
    assert.equal(retried.statusCode, 409);
    assert.equal(calls, before + 1, 'the retry ran again instead of replaying the failure');
  });

  test('a reservation abandoned by a crashed request is taken over; a recent one is not', async () => {
    const c = new TestClient(t.app);
    const body = { n: 'abandoned' };
    // What the crashed request would have recorded for this same request.
    const requestHash = createHash('sha256')
      .update(`POST /api/v1/test/counter\n${JSON.stringify(body)}`)
      .digest('hex');
    const reserve = (key: string, secondsAgo: number) =>
      sql`INSERT INTO platform_idempotency (scope, key, method, path, request_hash, created_at)
          VALUES ('anon:127.0.0.1', ${key}, 'POST', '/api/v1/test/counter', ${requestHash},
                  now() - make_interval(secs => ${secondsAgo}))`.execute(t.database.db);
    await reserve('key-abandoned-01', 600);
    await reserve('key-running-0001', 5);
    const before = calls;
    const taken = await c.post('/api/v1/test/counter', body, { 'idempotency-key': 'key-abandoned-01' });
    assert.equal(taken.statusCode, 201);
    assert.equal(calls, before + 1);
    const replay = await c.post('/api/v1/test/counter', body, { 'idempotency-key': 'key-abandoned-01' });
    assert.deepEqual(replay.json(), taken.json(), 'the taken-over key now replays the new answer');
    const running = await c.post('/api/v1/test/counter', body, { 'idempotency-key': 'key-running-0001' });
    assert.equal(running.statusCode, 409);
    assert.equal(running.json().error.code, 'IDEMPOTENCY_IN_PROGRESS');
    assert.equal(calls, before + 1);
  });

  test('keys are scoped to the caller', async () => {
    const alice = new TestClient(t.app);
    const first = await alice.post(
      '/api/v1/test/counter',
      { n: 9 },
      { 'idempotency-key': 'key-scoped-00001' },
    );
    assert.equal(first.statusCode, 201);
    // Another anonymous client from the same address shares the scope; an account would not.
    const rows = await t.database.db
      .selectFrom('platform_idempotency')
      .select('scope')
      .where('key', '=', 'key-scoped-00001')
      .execute();
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.scope, /^anon:/);
  });

  test('a malformed key is a coded error', async () => {
    const c = new TestClient(t.app);
    const res = await c.post('/api/v1/test/counter', { n: 1 }, { 'idempotency-key': 'bad key!' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'IDEMPOTENCY_KEY_INVALID');
  });
});
