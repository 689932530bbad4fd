import type { PlatformContext } from '../../platform/context.ts';
import type { Outbox } from '../../platform/outbox.ts';

/**
 * The platform parts the engine needs when another module calls it with only a transaction
 * (startProcess(tx, ...)): the outbox that knows the event subscribers, and the clock tests move.
 * Bound by the module's `subscribe(ctx)` when the app is built; it holds no workflow state.
 */
let bound: PlatformContext | undefined;

export function bindRuntime(ctx: PlatformContext): void {
  bound = ctx;
}

export function outbox(): Outbox {
  if (!bound) throw new Error('workflow module is not bound to a platform context (buildApp does it)');
  return bound.outbox;
}

export function now(): Date {
  return bound ? bound.now() : new Date();
}
