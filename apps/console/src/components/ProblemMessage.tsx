import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The sentence for a problem code in the person's language; the code itself when no sentence exists. */
export function useProblemText(): (code: string) => string {
  const { t, i18n } = useTranslation('problems');
  return (code: string) => (i18n.exists(`problems:${code}`) ? t(code) : t('common:problem.unknown', { code }));
}

/**
 * Shows a refusal as sentences in the person's language: every reason when several rules failed,
 * and the fields to check for VALIDATION_FAILED. The code stays visible, small, for support.
 */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text = useProblemText();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : { code: 'INTERNAL_ERROR', status: 0, detail: String(error) };
  const reasons = problem.reasons && problem.reasons.length > 1 ? problem.reasons : [problem.code];
  const fields = Array.isArray(problem.errors) ? problem.errors : [];
  return (
    <div role="alert" className="problem" data-code={problem.code}>
      <p className="problem-title">{t('problem.title')}</p>
      <ul>
        {reasons.map((code) => (
          <li key={code} data-code={code}>{text(code)}</li>
        ))}
      </ul>
      {fields.length > 0 && (
        <>
          <p>{t('problem.fields')}</p>
          <ul>
            {fields.map((field, index) => (
              <li key={index}>
                <code>{String(field.field ?? field.property ?? '')}</code> {field.message ?? field.messages?.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="problem-code">{t('problem.code', { code: problem.code })}</p>
    </div>
  );
}
