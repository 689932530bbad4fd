import type { ErrorSchema } from '@rjsf/utils';
import type { FieldError } from '../../api/client.ts';

export function pointerOf(path: (string | number)[]): string {
  return '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function getAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const s of segments(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

/** The DOM id rjsf gives the widget at `pointer` (idPrefix "root", separator "_"). */
export function fieldDomId(pointer: string): string {
  return ['root', ...segments(pointer)].join('_');
}

/** The API's field errors as rjsf `extraErrors`, so each message sits under its field. */
export function toErrorSchema(errors: FieldError[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const e of errors) {
    let node = root;
    for (const s of segments(e.pointer)) {
      node[s] ??= {};
      node = node[s] as Record<string, unknown>;
    }
    const list = (node.__errors as string[] | undefined) ?? [];
    if (!list.includes(e.message)) list.push(e.message);
    node.__errors = list;
  }
  return root as ErrorSchema;
}

/** Leaf fields of a JSON schema in display order, with pointers. */
export interface Leaf {
  pointer: string;
  schema: Record<string, unknown>;
}
export function leaves(
  schema: Record<string, unknown>,
  uiSchema: Record<string, unknown> = {},
  base = '',
): Leaf[] {
  const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (schema.type === 'object' && props) {
    return orderedKeys(Object.keys(props), uiSchema['ui:order']).flatMap((k) =>
      leaves(
        props[k]!,
        (uiSchema[k] as Record<string, unknown> | undefined) ?? {},
        `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      ),
    );
  }
  return base ? [{ pointer: base, schema }] : [];
}

/** The keys in the order rjsf shows them: `ui:order`, with '*' standing for the rest. */
function orderedKeys(keys: string[], order: unknown): string[] {
  if (!Array.isArray(order)) return keys;
  const listed = order.filter((k): k is string => typeof k === 'string' && (k === '*' || keys.includes(k)));
  const rest = keys.filter((k) => !listed.includes(k));
  const star = listed.indexOf('*');
  if (star < 0) return [...listed, ...rest];
  return [...listed.slice(0, star), ...rest, ...listed.slice(star + 1)];
}
