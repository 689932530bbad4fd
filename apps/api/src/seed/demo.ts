import type { PlatformContext } from '../platform/context.ts';

/**
 * Seeds the demo region on an empty database (DESIGN.md "Demo region") through the modules'
 * public APIs, and returns the text listing the demo accounts, or undefined when already seeded.
 */
export async function seedDemoIfEmpty(_ctx: PlatformContext): Promise<string | undefined> {
  return undefined;
}
