import type { Logger } from 'pino';
import type { Db } from '../../platform/db.ts';
import { chainBatch } from './audit.repository.ts';

/** Entries chained per statement: large enough to keep up with any commit rate, small enough to stay a short transaction. */
const BATCH = 1000;

/**
 * Chains every entry committed so far. With `wait`, it queues behind a chainer already at work
 * (verification and listing need everything committed before them chained); without, it leaves
 * the work to that chainer. Returns how many entries it chained itself.
 */
export async function chainPending(db: Db, wait = true): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await chainBatch(db, BATCH, wait);
    if (n < 0) return total;
    total += n;
    if (n < BATCH) return total;
  }
}

export interface ChainerTiming {
  /** Pause between polls when nothing was pending: bounds how long a new entry stays unchained. */
  idleMs: number;
  /** Pause after a pass that chained entries, so the next pass takes a batch, not one row. */
  busyMs: number;
  /** Pause after a failed pass (database restarting). */
  errorMs: number;
}

export const DEFAULT_TIMING: ChainerTiming = { idleMs: 50, busyMs: 20, errorMs: 1000 };

/**
 * The sequencer (ADR 0007): polls for committed, unchained entries and chains them in commit
 * order. Every app process runs one; the database lock inside `audit_chain_pending` lets one at
 * a time work, the others find the lock taken and poll again. Polling rather than NOTIFY from
 * the append: a NOTIFY takes a database-wide lock at commit and would serialise the audited
 * transactions again.
 */
export class AuditChainer {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly timing: ChainerTiming = DEFAULT_TIMING,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Resolves once no pass is running, so the caller may close the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pass = this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    let next = this.timing.idleMs;
    try {
      if ((await chainPending(this.db, false)) > 0) next = this.timing.busyMs;
    } catch (err) {
      this.log.warn({ err }, 'audit chainer pass failed');
      next = this.timing.errorMs;
    }
    this.pass = undefined;
    this.schedule(next);
  }
}
