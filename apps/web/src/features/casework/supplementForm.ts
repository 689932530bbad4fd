import { leaves, segments } from '../apply/pointers.ts';

/** A named pointer covers itself and everything under it (a field whose value is an object). */
export const covers = (named: string[], pointer: string) =>
  named.some((p) => pointer === p || pointer.startsWith(`${p}/`));

function setUi(ui: Record<string, unknown>, pointer: string, values: Record<string, unknown>) {
  let node = ui;
  for (const s of segments(pointer)) {
    node[s] ??= {};
    node = node[s] as Record<string, unknown>;
  }
  Object.assign(node, values);
}

/**
 * The form as the 补正 page shows it: the fields the officer named are highlighted and editable, the
 * others read-only (the server refuses changes to them). With nothing named (a note-only return)
 * every field stays editable; with only materials named, no field is.
 */
export function supplementForm<
  F extends { schema: Record<string, unknown>; uiSchema?: Record<string, unknown> },
>(form: F, request: { fields: string[]; materials: string[] } | null | undefined): F {
  if (!request || (request.fields.length === 0 && request.materials.length === 0)) return form;
  const ui: Record<string, unknown> = structuredClone(form.uiSchema ?? {});
  for (const { pointer } of leaves(form.schema, form.uiSchema ?? {})) {
    if (covers(request.fields, pointer)) setUi(ui, pointer, { 'ui:classNames': 'tb-field-requested' });
    else setUi(ui, pointer, { 'ui:readonly': true });
  }
  return { ...form, uiSchema: ui };
}
