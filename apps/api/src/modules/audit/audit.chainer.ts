import type { Db } from '../../platform/db.ts';
import { drainInBatches } from '../../platform/sequencer.ts';
import { chainBatch } from './audit.repository.ts';

/** Entries chained per statement: large enough to keep up with any commit rate, small enough to stay a short transaction. */
const BATCH = 1000;

/**
 * Chains every entry committed so far. With `wait`, it queues behind a chainer already at work
 * (verification and listing need everything committed before them chained); without, it leaves
 * the work to that chainer. Returns how many entries it chained itself.
 */
export async function chainPending(db: Db, wait = true): Promise<number> {
  return drainInBatches(BATCH, (limit) => chainBatch(db, limit, wait));
}
