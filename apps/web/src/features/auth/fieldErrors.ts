import type { FormInstance } from 'antd';
import type { FieldError } from '../../api/client.ts';

/** JSON pointer → antd form field name path ('/a/b' → ['a','b']). */
export function pointerToPath(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Puts the API's field errors next to their fields; answers the errors that matched no field. */
export function applyFieldErrors(form: FormInstance, errors: FieldError[]): FieldError[] {
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const unmatched: FieldError[] = [];
  const fields = [];
  for (const e of errors) {
    const path = pointerToPath(e.pointer);
    if (path.length && known.has(path[0]!)) fields.push({ name: path, errors: [e.message] });
    else unmatched.push(e);
  }
  form.setFields(fields);
  return unmatched;
}
