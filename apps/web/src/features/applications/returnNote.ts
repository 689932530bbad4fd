import type { Application } from '../../api/types.ts';

/** The officer's note of the latest return for supplement. */
export function returnNote(app: Application): string | null {
  if (app.returnNote) return app.returnNote;
  const returned = [...app.timeline].reverse().find((e) => e.status === 'returned' || e.kind === 'returned');
  return returned?.note ?? null;
}
