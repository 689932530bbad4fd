import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import type { ChecklistEntry, UploadedMaterial } from '../../api/types.ts';
import { useLocal } from '../../components/useLocal.ts';
import type { Answer } from './answers.ts';
import { fieldDomId } from './pointers.ts';

/** Answers that can be retried safely with the same key: the first attempt may or may not have landed. */
export function retryable(e: unknown) {
  return (
    !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.code === 'IDEMPOTENCY_IN_PROGRESS'
  );
}

/** Every answer with a "change" link to its field on the form page (`formPath`). */
export function AnswerList({ answers, formPath }: { answers: Answer[]; formPath: string }) {
  const { t } = useTranslation();
  return (
    <dl className="tb-answers" data-testid="answers-list">
      {answers.map((x) => (
        <div className="tb-answer-row" key={x.pointer} data-testid="answer-row" data-pointer={x.pointer}>
          <dt>{x.label}</dt>
          <dd>{x.value}</dd>
          <dd>
            <Link to={`${formPath}?return=check#${fieldDomId(x.pointer)}`} data-testid="answer-change">
              {t('answers.change')}
              <span className="tb-sr-only"> {x.label}</span>
            </Link>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The field errors of a refused submission, each linking to its field. */
export function FieldErrorsAlert({
  error,
  answers,
  formPath,
}: {
  error: ApiError | undefined;
  answers: Answer[];
  formPath: string;
}) {
  const { t } = useTranslation();
  if (!error?.fieldErrors.length) return null;
  return (
    <Alert
      type="error"
      className="tb-block"
      title={t('answers.fixThese')}
      description={
        <ul>
          {error.fieldErrors.map((fe) => (
            <li key={fe.pointer + fe.code}>
              <Link to={`${formPath}?return=check#${fieldDomId(fe.pointer)}`}>
                {answers.find((x) => x.pointer === fe.pointer)?.label ?? fe.pointer}: {fe.message}
              </Link>
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Each checklist entry with the files uploaded for it and a "change" link to the materials page. */
export function MaterialAnswerList({
  checklist,
  materials,
  materialsPath,
}: {
  checklist: ChecklistEntry[];
  materials: UploadedMaterial[];
  materialsPath: string;
}) {
  const { t } = useTranslation();
  const { text } = useLocal();
  return (
    <dl className="tb-answers" data-testid="materials-answers">
      {checklist.map((c) => {
        const files = materials.filter((m) => m.materialCode === c.code);
        return (
          <div className="tb-answer-row" key={c.code}>
            <dt>
              {text(c)}
              {c.critical && <span className="tb-muted"> ({t('materials.critical')})</span>}
            </dt>
            <dd>
              {files.length
                ? files
                    .map((f) =>
                      f.licence
                        ? `${t('licenceReuse.verified')} ${text(f.licence, 'typeName')} ${f.fileName}`
                        : f.fileName,
                    )
                    .join('、')
                : t('materials.none')}
            </dd>
            <dd>
              <Link to={materialsPath}>
                {t('answers.change')}
                <span className="tb-sr-only"> {text(c)}</span>
              </Link>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
