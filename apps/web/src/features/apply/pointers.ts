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
export function leaves(schema: Record<string, unknown>, base = ''): Leaf[] {
  const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (schema.type === 'object' && props) {
    return Object.entries(props).flatMap(([k, s]) =>
      leaves(s, `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    );
  }
  return base ? [{ pointer: base, schema }] : [];
}
