import type { Config } from '../../platform/config.ts';
import type { PlatformContext } from '../../platform/context.ts';
import type { FieldCipher } from '../../platform/field-keys.ts';
import type { Outbox } from '../../platform/outbox.ts';
import { CalendarCache } from './calendar.cache.ts';

/**
 * The platform parts the engine needs when another module calls it with only a transaction
 * (startProcess(tx, ...)): the outbox that knows the event subscribers, the clock tests move, the
 * configuration, and the calendar cache of this app. Bound by the module's `subscribe(ctx)` when
 * the app is built.
 */
let bound: PlatformContext | undefined;
let calendar: CalendarCache | undefined;

export function bindRuntime(ctx: PlatformContext): void {
  bound = ctx;
  calendar = new CalendarCache();
}

function context(): PlatformContext {
  if (!bound) throw new Error('workflow module is not bound to a platform context (buildApp does it)');
  return bound;
}

export function outbox(): Outbox {
  return context().outbox;
}

/** The app's field cipher: instance variables are sealed with it (workflow.seal.ts). */
export function fields(): FieldCipher {
  return context().fields;
}

export function config(): Config {
  return context().config;
}

/** The app's calendar cache; undefined outside an app (calendar reads then go to the database). */
export function calendarCache(): CalendarCache | undefined {
  return calendar;
}

export function now(): Date {
  return bound ? bound.now() : new Date();
}
