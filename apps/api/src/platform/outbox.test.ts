import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../testing/harness.ts';

declare module './outbox.ts' {
  interface OutboxEvents {
    'test.happened': { n: number };
    'test.failing': { n: number };
    'test.chained': { n: number };
  }
}

describe('transactional outbox', () => {
  let t: TestApp;
  const seen: number[] = [];
  let failures = 0;
  before(async () => {
    t = await createTestApp();
    const { outbox } = t.app.platform;
    outbox.on('test.happened', 'test.record', async (p) => {
      seen.push(p.n);
    });
    outbox.on('test.chained', 'test.chain', async (p, meta) => {
      await outbox.enqueue(meta.db, 'test.happened', { n: p.n + 1 });
    });
    outbox.on('test.failing', 'test.fail', async () => {
      failures += 1;
      throw new Error('handler broke');
    });
  });
  after(async () => t.close());

  test('an event enqueued in a rolled-back transaction never runs', async () => {
    const { db, outbox } = t.app.platform;
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await outbox.enqueue(tx, 'test.happened', { n: 1 });
        throw new Error('business rule failed');
      }),
    );
    await db.transaction().execute((tx) => outbox.enqueue(tx, 'test.happened', { n: 2 }));
    await outbox.drain();
    assert.deepEqual(seen, [2]);
  });

  test('a failing handler is retried with backoff and parked as dead after its attempts', async () => {
    const { db, outbox } = t.app.platform;
    await db.transaction().execute((tx) => outbox.enqueue(tx, 'test.failing', { n: 3 }));
    await outbox.drain();
    assert.equal(failures, 1);
    const row = await db
      .selectFrom('platform_outbox')
      .selectAll()
      .where('handler', '=', 'test.fail')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.ok(new Date(row.available_at).getTime() > Date.now(), 'the retry waits');
    // Make it due again repeatedly until the attempts run out.
    for (let i = 0; i < 10; i++) {
      await sql`UPDATE platform_outbox SET available_at = now() WHERE handler = 'test.fail'`.execute(db);
      await outbox.drain();
    }
    const dead = await db
      .selectFrom('platform_outbox')
      .selectAll()
      .where('handler', '=', 'test.fail')
      .executeTakeFirstOrThrow();
    assert.equal(dead.status, 'dead');
    assert.equal(dead.attempts, 8);
    assert.match(dead.last_error, /handler broke/);
  });

  test('one failing handler in a batch runs once, and the others in the batch are still done once', async () => {
    const { db, outbox } = t.app.platform;
    seen.length = 0;
    const failuresBefore = failures;
    await db.transaction().execute(async (tx) => {
      await outbox.enqueue(tx, 'test.happened', { n: 10 });
      await outbox.enqueue(tx, 'test.failing', { n: 11 });
      await outbox.enqueue(tx, 'test.happened', { n: 12 });
    });
    await outbox.drain();
    // At least once: a handler before the failing one ran in the rolled-back pass and again after.
    assert.deepEqual([...new Set(seen)], [10, 12]);
    assert.equal(failures, failuresBefore + 1, 'the failing handler ran once for its one attempt');
    const rows = await db
      .selectFrom('platform_outbox')
      .select(['handler', 'status', 'attempts'])
      .where(sql<boolean>`payload->>'n' IN ('10', '11', '12')`)
      .orderBy('id')
      .execute();
    assert.deepEqual(rows, [
      { handler: 'test.record', status: 'done', attempts: 0 },
      { handler: 'test.fail', status: 'pending', attempts: 1 },
      { handler: 'test.record', status: 'done', attempts: 0 },
    ]);
  });

  test("a handler's follow-up event is delivered by the same drain", async () => {
    const { db, outbox } = t.app.platform;
    seen.length = 0;
    await db.transaction().execute((tx) => outbox.enqueue(tx, 'test.chained', { n: 20 }));
    await outbox.drain();
    assert.deepEqual(seen, [21]);
  });
});
