import type { Db } from '../../platform/db.ts';
import type { Listen } from '../../platform/listen.ts';
import type { CalendarExceptions } from './calendar.ts';
import * as repo from './workflow.repository.ts';

/** The channel every calendar edit notifies (payload: the region code), in the edit's transaction. */
export const CALENDAR_CHANNEL = 'tongban_calendar';

/**
 * A district without its own calendar uses its city's, then its province's: the region code
 * itself, then its city (NNNN00) and province (NN0000) codes, the most specific entry winning.
 */
export function regionChain(regionCode: string): string[] {
  return [...new Set([regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`])];
}

/** Every calendar entry that applies to a region (a few dozen a year), merged along its chain. */
export async function loadRegionCalendar(db: Db, regionCode: string): Promise<CalendarExceptions> {
  const chain = regionChain(regionCode);
  const rows = await repo.calendarExceptionsOf(db, chain);
  rows.sort((a, b) => chain.indexOf(b.region_code) - chain.indexOf(a.region_code));
  return new Map(rows.map((r) => [r.day, r.kind]));
}

/**
 * Calendar entries per region, kept in memory: every task created and every deadline moved reads
 * the calendar, and it changes a few times a year. Every edit NOTIFYs CALENDAR_CHANNEL in its
 * transaction, so each process drops its entries once the edit is committed; the process that
 * edited drops them at once as well (committed or not). The cache is used only while LISTEN is
 * active: without it (no connection of its own, or the connection lost until it is back) reads go
 * to the database, since an edit made meanwhile would go unnoticed.
 */
export class CalendarCache {
  private readonly regions = new Map<string, Promise<CalendarExceptions>>();
  private live = false;
  /** Database loads so far (hits do not load). */
  loads = 0;

  /** Starts listening for edits; resolves to the function that stops it. */
  async listen(listen: Listen): Promise<() => Promise<void>> {
    const stop = await listen(CALENDAR_CHANNEL, {
      onNotify: () => this.invalidate(),
      onReady: () => {
        this.invalidate();
        this.live = true;
      },
      onLost: () => {
        this.live = false;
        this.invalidate();
      },
    });
    return async () => {
      this.live = false;
      this.invalidate();
      await stop();
    };
  }

  get active(): boolean {
    return this.live;
  }

  /**
   * The region's entries. A miss loads them on the caller's connection (its transaction, if any):
   * taking a second pooled connection while holding one could starve the pool under load. Callers
   * waiting on a load that fails (its transaction broke) load again on their own connection.
   */
  exceptions(db: Db, regionCode: string): Promise<CalendarExceptions> {
    if (!this.live) return this.load(db, regionCode);
    const cached = this.regions.get(regionCode);
    if (cached) return cached.catch(() => this.load(db, regionCode));
    const loading = this.load(db, regionCode);
    this.regions.set(regionCode, loading);
    loading.catch(() => {
      if (this.regions.get(regionCode) === loading) this.regions.delete(regionCode);
    });
    return loading;
  }

  /** Drops every region: a load already under way is no longer in the map, so it serves no later caller. */
  invalidate(): void {
    this.regions.clear();
  }

  private load(db: Db, regionCode: string): Promise<CalendarExceptions> {
    this.loads += 1;
    return loadRegionCalendar(db, regionCode);
  }
}
