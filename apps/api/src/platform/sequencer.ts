import type { Logger } from 'pino';

export interface SequencerTiming {
  /** Pause between polls when nothing was pending: bounds how long a new entry stays unsequenced. */
  idleMs: number;
  /** Pause after a pass that did work, so the next pass takes a batch, not one row. */
  busyMs: number;
  /** Pause after a failed pass (database restarting). */
  errorMs: number;
}

export const DEFAULT_SEQUENCER_TIMING: SequencerTiming = { idleMs: 50, busyMs: 20, errorMs: 1000 };

/**
 * Runs a sequencing pass (ADR 0007, ADR 0011) over and over: the audit chain's and the
 * transparency log's. Each pass does what is committed and pending and says how much it did; a
 * database lock inside the pass lets one process at a time work, the others find it taken and
 * poll again. Polling rather than NOTIFY from the appends: a NOTIFY takes a database-wide lock at
 * commit and would make the appending transactions commit one at a time again.
 */
export class Sequencer {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly log: Logger,
    private readonly work: () => Promise<number>,
    private readonly timing: SequencerTiming = DEFAULT_SEQUENCER_TIMING,
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
      if ((await this.work()) > 0) next = this.timing.busyMs;
    } catch (err) {
      this.log.warn({ err, sequencer: this.name }, 'sequencer pass failed');
      next = this.timing.errorMs;
    }
    this.pass = undefined;
    this.schedule(next);
  }
}

/**
 * Runs `batch(limit)` until it does less than a full batch: everything committed before the call
 * is then done. A batch answers how many rows it did, or -1 when another process holds the lock
 * (it was asked not to wait): that process is doing the work. Returns how many rows were done here.
 */
export async function drainInBatches(
  limit: number,
  batch: (limit: number) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch(limit);
    if (n < 0) return total;
    total += n;
    if (n < limit) return total;
  }
}
