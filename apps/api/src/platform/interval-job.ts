import type { Logger } from 'pino';

/**
 * Runs `pass` every `intervalMs` (0: never — tests call the pass themselves with the test clock)
 * until stopped; a pass starts only after the previous one ended, and a failed pass is logged and
 * retried at the next interval. For a module's background work (its `start` hook).
 */
export class IntervalJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.stopped = false;
    this.schedule();
  }

  /** Resolves once no pass is running, so the caller may close the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.tick();
    }, this.intervalMs);
    // A waiting timer does not keep the process alive: closing the app stops it anyway.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.pass();
      if (result && typeof result === 'object' && Object.values(result).some((n) => n))
        this.log.info({ job: this.name, ...result }, 'background job pass');
    } catch (err) {
      this.log.warn({ err, job: this.name }, 'background job pass failed');
    }
    this.running = undefined;
    this.schedule();
  }
}
