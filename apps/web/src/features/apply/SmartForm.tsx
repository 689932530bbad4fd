import Form, { Templates } from '@rjsf/antd';
import type { ErrorSchema, FieldTemplateProps, RJSFSchema, UiSchema, ValidatorType } from '@rjsf/utils';
import { Tag } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type FieldError } from '../../api/client.ts';
import type { FormLike, PrefillSource } from '../../api/types.ts';
import { currentLang } from '../../i18n/index.ts';
import { fieldDomId, getAt, pointerOf, segments, toErrorSchema } from './pointers.ts';
import { translatorFor } from './translateString.ts';
import { canCompile, formValidator, serverLikeMessages } from './validator.ts';

const DefaultFieldTemplate = Templates.FieldTemplate!;

interface SmartFormContext {
  colon: boolean;
  rowGutter: number;
  labelAlign: 'left';
  sources: Record<string, PrefillSource>;
  prefillValues: Record<string, unknown>;
  formData: unknown;
  tagText: (source: PrefillSource) => string;
  /** ids of the widgets the user has left; their errors show live from then on */
  touched: Set<string>;
  /** after a submit attempt (or an answer from the server) every error shows */
  showAll: boolean;
}

/** The stock antd field, plus a tag when the value still is the one pre-filled from the profile or an earlier case. */
function FieldWithPrefill(props: FieldTemplateProps) {
  const ctx = props.registry.formContext as SmartFormContext;
  const pointer = pointerOf(props.fieldPathId.path);
  const source = ctx.sources?.[pointer];
  let label: ReactNode = props.label;
  if (source && props.displayLabel && props.label) {
    const current = getAt(ctx.formData, pointer);
    const prefilled = getAt(ctx.prefillValues, pointer);
    if (current !== undefined && JSON.stringify(current) === JSON.stringify(prefilled)) {
      label = (
        <>
          {props.label}
          <Tag color="blue" className="tb-prefill-tag" data-testid="prefill-tag" data-pointer={pointer}>
            {ctx.tagText(source)}
          </Tag>
        </>
      );
    }
  }
  // Errors wait until the user has left the field or tried to continue, not while they start typing.
  const quiet = !ctx.showAll && !ctx.touched.has(props.id) && props.schema.type !== 'object';
  return <DefaultFieldTemplate {...props} label={label as string} rawErrors={quiet ? [] : props.rawErrors} />;
}

function setUi(ui: Record<string, unknown>, pointer: string, key: string, value: unknown) {
  let node = ui;
  for (const s of segments(pointer)) {
    node[s] = { ...((node[s] as Record<string, unknown>) ?? {}) };
    node = node[s] as Record<string, unknown>;
  }
  node[key] = value;
}

/** Labels come from the data dictionary in both languages; the schema's own titles are the fallback. */
function localizedUiSchema(form: FormLike, en: boolean): UiSchema {
  const ui: Record<string, unknown> = structuredClone(form.uiSchema ?? {});
  for (const f of form.fields ?? []) setUi(ui, f.pointer, 'ui:title', en ? f.labelEn : f.labelZh);
  ui['ui:submitButtonOptions'] = { norender: true };
  return ui as UiSchema;
}

export interface SmartFormProps {
  serviceCode: string;
  /** Where the server checks this form's data; the service's validate endpoint by default. */
  validatePath?: string;
  form: FormLike;
  formData: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  /** Called with valid data when the user presses the form's submit button. */
  onValidSubmit: (data: Record<string, unknown>) => void;
  serverErrors: FieldError[];
  disabled?: boolean;
  children?: ReactNode;
}

export function SmartForm(props: SmartFormProps) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const lang = currentLang();
  const compiles = useMemo(canCompile, []);
  const validator = useMemo<ValidatorType | null>(
    () => (compiles ? formValidator(lang) : null),
    [compiles, lang],
  );
  const uiSchema = useMemo(() => localizedUiSchema(props.form, en), [props.form, en]);
  const [liveErrors, setLiveErrors] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const dataRef = useRef(props.formData);
  dataRef.current = props.formData;
  const transformErrors = useMemo(
    () => serverLikeMessages(lang, props.form.fields ?? [], () => dataRef.current),
    [lang, props.form.fields],
  );

  const validatePath =
    props.validatePath ?? `/services/${encodeURIComponent(props.serviceCode)}/form/validate`;
  const validateOnServer = useCallback(
    (data: Record<string, unknown>) =>
      api<{ errors: FieldError[] }>(validatePath, {
        method: 'POST',
        body: { data },
      }).then((r) => r.errors),
    [validatePath],
  );

  // Without a compiling validator (strict CSP), ask the server — which uses the same schema — while the user types.
  useEffect(() => {
    if (compiles) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      validateOnServer(props.formData)
        .then(setLiveErrors)
        .catch(() => undefined);
    }, 600);
    return () => window.clearTimeout(timer.current);
  }, [compiles, props.formData, validateOnServer]);

  // Without a compiling validator nothing checked the data yet: ask the server before going on.
  const submitChecked = async (data: Record<string, unknown>) => {
    if (!compiles) {
      const errors = await validateOnServer(data).catch(() => []);
      setLiveErrors(errors);
      if (errors.length) {
        const first = errors[0]!.pointer;
        document.getElementById(fieldDomId(first))?.focus();
        return;
      }
    }
    props.onValidSubmit(data);
  };

  const extraErrors = useMemo<ErrorSchema | undefined>(() => {
    const all = [...props.serverErrors, ...(compiles ? [] : liveErrors)];
    return all.length ? toErrorSchema(all) : undefined;
  }, [props.serverErrors, liveErrors, compiles]);

  const formContext: SmartFormContext = {
    colon: false,
    rowGutter: 0,
    labelAlign: 'left',
    sources: props.form.prefill?.sources ?? {},
    prefillValues: props.form.prefill?.values ?? {},
    formData: props.formData,
    touched,
    showAll: submitted || props.serverErrors.length > 0,
    tagText: (s) =>
      s === 'profile'
        ? t('form.prefilledProfile')
        : 'licenceNumber' in s
          ? t('form.prefilledLicence', { number: s.licenceNumber })
          : t('form.prefilledCase', { caseNumber: s.caseNumber }),
  };

  return (
    <Form
      schema={props.form.schema as RJSFSchema}
      uiSchema={uiSchema}
      formData={props.formData}
      validator={validator ?? noCompileValidator}
      formContext={formContext}
      templates={{ FieldTemplate: FieldWithPrefill }}
      translateString={translatorFor(lang)}
      transformErrors={transformErrors}
      extraErrors={extraErrors}
      className="tb-smart-form"
      noHtml5Validate
      liveValidate={compiles ? 'onChange' : undefined}
      showErrorList={false}
      disabled={props.disabled}
      onChange={(e) => props.onChange((e.formData ?? {}) as Record<string, unknown>)}
      onBlur={(id) => setTouched((prev) => (prev.has(id) ? prev : new Set(prev).add(id)))}
      onError={() => setSubmitted(true)}
      focusOnFirstError
      onSubmit={(e) => {
        setSubmitted(true);
        void submitChecked((e.formData ?? {}) as Record<string, unknown>);
      }}
    >
      {props.children}
    </Form>
  );
}

/** Stands in for ajv when the page may not compile code; the server's answers arrive as extraErrors. */
const noCompileValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({ errors: undefined, validationError: undefined }),
  reset: () => undefined,
};
