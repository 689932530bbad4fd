import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from './db.ts';

/**
 * Typed events. Each module adds its events by declaration merging in its `<name>.events.ts`:
 *   declare module '../../platform/outbox.ts' { interface OutboxEvents { 'application.submitted': {...} } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in the modules
export interface OutboxEvents {}
export type EventType = keyof OutboxEvents & string;

export type EventHandler<T extends EventType> = (
  payload: OutboxEvents[T],
  meta: { eventId: string; db: Db },
) => Promise<void>;

interface Subscription {
  name: string;
  handle: (payload: any, meta: { eventId: string; db: Db }) => Promise<void>;
}

const MAX_ATTEMPTS = 8;
/** Rows claimed per transaction. */
const BATCH = 20;

/**
 * The transactional outbox (DESIGN.md rule 3). `enqueue` writes one row per subscribed handler in
 * the caller's transaction, so an event exists exactly when the change that caused it committed.
 * The worker claims due rows with FOR UPDATE SKIP LOCKED (several processes can run it), retries
 * failures with exponential backoff, and parks a row as 'dead' after MAX_ATTEMPTS. NOTIFY wakes it.
 * Handlers run at least once, so they must be idempotent.
 */
export class Outbox {
  private readonly subs = new Map<string, Subscription[]>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private wokenWhileRunning = false;
  private stopped = true;
  /** Set by stop(): a drain in progress ends after its current batch. Tests drain without start(). */
  private stopping = false;
  private listener: { release(): void } | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  /** Registers a handler; `name` must be stable, it is stored with each row. */
  on<T extends EventType>(type: T, name: string, handle: EventHandler<T>): void {
    const list = this.subs.get(type) ?? [];
    list.push({ name, handle });
    this.subs.set(type, list);
  }

  async enqueue<T extends EventType>(tx: Db, type: T, payload: OutboxEvents[T]): Promise<void> {
    const handlers = this.subs.get(type) ?? [];
    // Events without a handler are still recorded (handler '-', status 'done') as the change history.
    const rows = (handlers.length ? handlers.map((h) => h.name) : ['-']).map((handler) => ({
      type,
      handler,
      payload: JSON.stringify(payload),
      status: handlers.length ? 'pending' : 'done',
    }));
    await tx.insertInto('platform_outbox').values(rows).execute();
    // An event enqueued during a drain (a handler's follow-up, say) is picked up by that same drain.
    if (this.running) this.wokenWhileRunning = true;
    if (handlers.length) await sql`SELECT pg_notify('tongban_outbox', '')`.execute(tx);
  }

  async start(listen: (onNotify: () => void) => Promise<{ release(): void }>): Promise<void> {
    this.stopped = false;
    this.stopping = false;
    this.listener = await listen(() => void this.drain());
    const tick = () => {
      if (this.stopped) return;
      void this.drain().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.listener?.release();
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Processes due rows until none is left; returns how many were handled. Tests call it directly.
   * A wake-up during a run is remembered, so the run goes round once more instead of being lost.
   */
  async drain(): Promise<number> {
    if (this.running) {
      this.wokenWhileRunning = true;
      return 0;
    }
    this.running = true;
    let total = 0;
    try {
      for (;;) {
        this.wokenWhileRunning = false;
        const n = await this.processBatch(BATCH);
        total += n;
        // A short batch means nothing else was due when it was claimed: no need for an empty round trip.
        if (this.stopping || (n < BATCH && !this.wokenWhileRunning)) break;
      }
    } catch (err) {
      this.log.error({ err }, 'outbox batch failed');
    } finally {
      this.running = false;
    }
    return total;
  }

  /**
   * Runs a batch in one transaction, every handler straight on it: the common case where all
   * succeed costs no savepoints. When one fails, that transaction is rolled back and the batch is
   * redone row by row, each in its own savepoint, so the failure is recorded and the rest still done.
   */
  private async processBatch(size: number): Promise<number> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        const rows = await this.claim(tx, size);
        for (const row of rows) {
          try {
            await this.handlerOf(row)(row.payload, { eventId: String(row.id), db: tx });
          } catch (err) {
            throw new HandlerFailed(row.id, err);
          }
        }
        if (rows.length)
          await this.markDone(
            tx,
            rows.map((r) => r.id),
          );
        return rows.length;
      });
    } catch (err) {
      if (!(err instanceof HandlerFailed)) throw err;
      return this.processBatchRowByRow(size, err);
    }
  }

  /** `failed` already ran (and failed) in the optimistic pass: it is recorded, not run a second time. */
  private async processBatchRowByRow(size: number, failed: HandlerFailed): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const rows = await this.claim(tx, size);
      const done: number[] = [];
      for (const row of rows) {
        if (row.id === failed.rowId) {
          await this.recordFailure(tx, row, failed.original);
          continue;
        }
        try {
          await sql`SAVEPOINT outbox_row`.execute(tx);
          await this.handlerOf(row)(row.payload, { eventId: String(row.id), db: tx });
          await sql`RELEASE SAVEPOINT outbox_row`.execute(tx);
          done.push(row.id);
        } catch (err) {
          await sql`ROLLBACK TO SAVEPOINT outbox_row`.execute(tx);
          await this.recordFailure(tx, row, err);
        }
      }
      if (done.length) await this.markDone(tx, done);
      return rows.length;
    });
  }

  /** Schedules the retry with exponential backoff, or parks the row as dead after MAX_ATTEMPTS. */
  private async recordFailure(tx: Db, row: OutboxRow, err: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const dead = attempts >= MAX_ATTEMPTS;
    this.log.warn(
      { err, eventId: row.id, type: row.type, handler: row.handler, attempts },
      'outbox handler failed',
    );
    await tx
      .updateTable('platform_outbox')
      .set({
        attempts,
        status: dead ? 'dead' : 'pending',
        last_error: String((err as Error)?.message ?? err).slice(0, 2000),
        available_at: sql`now() + make_interval(secs => ${2 ** attempts})`,
      })
      .where('id', '=', row.id)
      .execute();
  }

  private claim(tx: Db, size: number): Promise<OutboxRow[]> {
    return tx
      .selectFrom('platform_outbox')
      .select(['id', 'type', 'handler', 'payload', 'attempts'])
      .where('status', '=', 'pending')
      .where('available_at', '<=', sql<Date>`now()`)
      .orderBy('id')
      .limit(size)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  private handlerOf(row: OutboxRow): Subscription['handle'] {
    const sub = this.subs.get(row.type)?.find((s) => s.name === row.handler);
    if (!sub) throw new Error(`no handler ${row.handler} for ${row.type}`);
    return sub.handle;
  }

  private async markDone(tx: Db, ids: number[]): Promise<void> {
    await tx
      .updateTable('platform_outbox')
      .set({ status: 'done', processed_at: sql`now()` })
      .where('id', 'in', ids)
      .execute();
  }
}

/** Marks a handler's failure apart from a failure of the batch's own statements. */
class HandlerFailed extends Error {
  constructor(
    readonly rowId: number,
    readonly original: unknown,
  ) {
    super('outbox handler failed', { cause: original });
  }
}

interface OutboxRow {
  /** bigserial, read as a number (db.ts). */
  id: number;
  type: string;
  handler: string;
  payload: any;
  attempts: number;
}
