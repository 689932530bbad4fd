import type { Application } from '../../api/types.ts';

/** The officer's note of the latest return for supplement (补正). */
export function returnNote(app: Application): string | null {
  if (app.supplement?.note) return app.supplement.note;
  const returned = [...app.timeline].reverse().find((e) => e.status === 'returned' || e.outcome === 'return');
  return returned?.note ?? null;
}
