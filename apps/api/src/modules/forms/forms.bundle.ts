import type { BundleFormField, FieldError, Locale, Prefill, PrefillSource } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import type { BundleEntry } from '../catalogue/index.ts';
import { prefillFor } from './forms.prefill.ts';
import { valueAt } from './forms.schema.ts';
import { fieldErrorsOf, getItemForm, type ItemForm } from './forms.service.ts';

// One form for several items (一表通): the chosen items' forms combined so that a data dictionary
// field several of them ask for is asked once, under /shared/<code>, and each item's other fields
// sit under /<item code>/<section>/<key>. Submitted data is checked with the combined schema and
// split back into each item's own form data, exactly as that item's form would have it.

type JsonSchema = Record<string, unknown>;

/** An item of the bundle whose form takes part, in the bundle's order. */
export interface BundleFormPart {
  code: string;
  itemId: string;
  nameZh: string;
  nameEn: string;
}

/** The chosen items of a bundle (catalogue) as the parts of its combined form. */
export function formPartsOf(entries: BundleEntry[]): BundleFormPart[] {
  return entries.map(({ item }) => ({
    code: item.code,
    itemId: item.id,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
  }));
}

/** Where one input of an item's form sits in the combined data. */
interface Route {
  from: string;
  to: string;
}

export interface BundleForm {
  schema: JsonSchema;
  uiSchema: JsonSchema;
  fields: BundleFormField[];
  items: { code: string; nameZh: string; nameEn: string; version: number }[];
  /** Per item code: each of its form's inputs and where it sits in the combined data. */
  routes: Record<string, Route[]>;
}

export const SHARED = 'shared';

const SHARED_TITLE = { 'zh-CN': '共同信息', en: 'Shared details' } as const;
const SHARED_DESCRIPTION = {
  'zh-CN': '以下信息由多个事项共用，只需填写一次',
  en: 'These details are used by several of the items, so they are asked once',
} as const;

interface Section {
  properties: Record<string, JsonSchema>;
  required: string[];
}

function sectionOf(form: ItemForm, key: string): Section {
  return (form.schema.properties as Record<string, Section>)[key]!;
}

function uiOf(form: ItemForm, section: string, key: string): JsonSchema | undefined {
  const sectionUi = (form.uiSchema as Record<string, Record<string, JsonSchema> | undefined>)[section];
  return sectionUi?.[key];
}

/**
 * Combines built item forms (same language) into one. Pure and deterministic: the same forms in
 * the same order give the same schema. A dictionary field counts as shared when two or more of the
 * items ask for it; it is required when any of them requires it.
 */
export function composeBundleForm(
  parts: (Omit<BundleFormPart, 'itemId'> & { form: ItemForm })[],
  locale: Locale,
): BundleForm {
  const zh = locale === 'zh-CN';
  const askedBy = new Map<string, number>();
  for (const p of parts) {
    for (const code of new Set(p.form.fields.flatMap((f) => (f.fieldCode ? [f.fieldCode] : [])))) {
      askedBy.set(code, (askedBy.get(code) ?? 0) + 1);
    }
  }
  const isShared = (code: string | undefined): code is string => !!code && (askedBy.get(code) ?? 0) > 1;

  const shared: Section & { ui: JsonSchema; order: string[] } = {
    properties: {},
    required: [],
    ui: {},
    order: [],
  };
  const fields: BundleFormField[] = [];
  const sharedFields = new Map<string, BundleFormField>();
  const groups: Record<string, JsonSchema> = {};
  const groupsUi: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const routes: Record<string, Route[]> = {};

  for (const p of parts) {
    const sections: Record<string, JsonSchema & Section> = {};
    const sectionsUi: Record<string, JsonSchema & { 'ui:order': string[] }> = {};
    routes[p.code] = [];
    for (const f of p.form.fields) {
      const [, section = '', key = ''] = f.pointer.split('/');
      const itemSection = sectionOf(p.form, section);
      const schema = itemSection.properties[key]!;
      const isRequired = itemSection.required.includes(key);
      const ui = uiOf(p.form, section, key);
      if (isShared(f.fieldCode)) {
        const code = f.fieldCode;
        const to = `/${SHARED}/${code}`;
        const known = sharedFields.get(code);
        if (known) {
          if (!known.items.includes(p.code)) known.items.push(p.code);
        } else {
          shared.properties[code] = schema;
          shared.order.push(code);
          if (ui) shared.ui[code] = ui;
          const field = { ...f, pointer: to, items: [p.code] };
          sharedFields.set(code, field);
          fields.push(field);
        }
        if (isRequired && !shared.required.includes(code)) shared.required.push(code);
        routes[p.code]!.push({ from: f.pointer, to });
        continue;
      }
      const to = `/${p.code}/${section}/${key}`;
      sections[section] ??= { ...(itemSection as unknown as JsonSchema), properties: {}, required: [] };
      sections[section].properties[key] = schema;
      if (isRequired) sections[section].required.push(key);
      sectionsUi[section] ??= { 'ui:order': [] };
      sectionsUi[section]['ui:order'].push(key);
      if (ui) sectionsUi[section][key] = ui;
      fields.push({ ...f, pointer: to, items: [p.code] });
      routes[p.code]!.push({ from: f.pointer, to });
    }
    const keys = Object.keys(sections);
    // An item whose every field is shared has nothing of its own to ask.
    if (!keys.length) continue;
    const groupRequired = keys.filter((k) => sections[k]!.required.length > 0);
    groups[p.code] = {
      type: 'object',
      title: zh ? p.nameZh : p.nameEn,
      default: {},
      additionalProperties: false,
      required: groupRequired,
      properties: sections,
    };
    groupsUi[p.code] = { 'ui:order': keys, ...sectionsUi };
    if (groupRequired.length) required.push(p.code);
  }

  const properties: Record<string, JsonSchema> = {};
  const uiSchema: JsonSchema = { 'ui:order': [] };
  if (shared.order.length) {
    properties[SHARED] = {
      type: 'object',
      title: SHARED_TITLE[locale],
      description: SHARED_DESCRIPTION[locale],
      default: {},
      additionalProperties: false,
      required: shared.required,
      properties: shared.properties,
    };
    uiSchema[SHARED] = { 'ui:order': shared.order, ...shared.ui };
    if (shared.required.length) required.unshift(SHARED);
  }
  Object.assign(properties, groups);
  Object.assign(uiSchema, groupsUi);
  uiSchema['ui:order'] = Object.keys(properties);
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required,
      properties,
    },
    uiSchema,
    fields,
    items: parts.map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, version: p.form.version })),
    routes,
  };
}

// Item forms are immutable per version, so a combination of versions is too: the same object is
// served and compiled again and again (compileBody caches by schema object).
const cache = new Map<string, BundleForm>();

/** The combined form of the chosen items (FORM_NOT_FOUND when one of them has no form). */
export async function getBundleForm(db: Db, parts: BundleFormPart[], locale: Locale): Promise<BundleForm> {
  const forms = await Promise.all(parts.map((p) => getItemForm(db, p.itemId, locale)));
  const key = `${locale}|${parts.map((p, i) => `${p.code}@${forms[i]!.version}`).join(',')}`;
  let form = cache.get(key);
  if (!form) {
    form = composeBundleForm(
      parts.map((p, i) => ({ ...p, form: forms[i]! })),
      locale,
    );
    cache.set(key, form);
  }
  return form;
}

/** Sets a value at a pointer of plain keys (form keys are `^[a-z][A-Za-z0-9]*$` or item codes), creating objects on the way. */
function setAt(data: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1);
  let node = data;
  for (const k of keys.slice(0, -1)) {
    node[k] ??= {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/**
 * Each item's own form data out of the combined data: every input of the item's form takes the
 * value at its place in the combined form (a shared value goes to every item that asks for it).
 * Inputs left empty stay absent, as they would on the item's own form.
 */
export function splitBundleData(
  form: Pick<BundleForm, 'routes'>,
  data: Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [code, routes] of Object.entries(form.routes)) {
    const itemData: Record<string, unknown> = {};
    for (const { from, to } of routes) {
      const value = valueAt(data, to);
      if (value !== undefined) setAt(itemData, from, structuredClone(value));
    }
    out[code] = itemData;
  }
  return out;
}

/** What a submitted combined form yields: every field error, and when valid each item's data. */
export interface CheckedBundleData {
  errors: FieldError[];
  itemData: Record<string, Record<string, unknown>>;
}

/** Checks combined data against the combined schema (every error at once) and splits it per item. */
export async function checkBundleData(
  db: Db,
  parts: BundleFormPart[],
  data: Record<string, unknown>,
  locale: Locale,
): Promise<CheckedBundleData> {
  const form = await getBundleForm(db, parts, locale);
  const errors = fieldErrorsOf(form, data, locale);
  return { errors, itemData: errors.length ? {} : splitBundleData(form, data) };
}

/**
 * Pre-fill of the combined form: each item's pre-fill (profile first for identity fields, then
 * the applicant's latest earlier case) moved to its place in the combined data; for a shared field
 * the first item's value and source win.
 */
export async function bundlePrefillFor(db: Db, parts: BundleFormPart[], accountId: string): Promise<Prefill> {
  const form = await getBundleForm(db, parts, 'zh-CN');
  const values: Record<string, unknown> = {};
  const sources: Record<string, PrefillSource> = {};
  for (const p of parts) {
    const item = await prefillFor(db, p.itemId, accountId);
    for (const { from, to } of form.routes[p.code] ?? []) {
      const value = valueAt(item.values, from);
      const source = item.sources[from];
      if (value === undefined || !source || sources[to]) continue;
      setAt(values, to, value);
      sources[to] = source;
    }
  }
  return { values: values as Prefill['values'], sources };
}
