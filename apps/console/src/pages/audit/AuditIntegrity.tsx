import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { IntegrityReport } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Loading, PageTitle } from '../../components/ui';
import { IntegrityStatus, streamPath } from './parts';

/**
 * The integrity of the whole log (`/audit/integrity`): how many events and streams were walked, how
 * many predate the chain, and "verified" or the first broken link (stream, revision, position,
 * reason, with a link to that stream). A log larger than the api walks here answers the problem
 * LOG_TOO_LARGE_TO_VERIFY, shown as its sentence (the operators run `npm run audit:verify`).
 * Calls GET /v1/audit/integrity.
 */
export function AuditIntegrity() {
  const { t } = useTranslation('audit');
  const report = useRead<IntegrityReport>(['audit-integrity', null], () => api.GET('/v1/audit/integrity', {}), { retry: false });
  const broken = report.data?.firstBroken;
  return (
    <section className="audit">
      <PageTitle actions={<button type="button" className="secondary" onClick={() => void report.refetch()} disabled={report.isFetching}>{t('integrity.again')}</button>}>
        {t('integrity.title')}
      </PageTitle>
      <p className="muted">{t('integrity.intro')}</p>
      <h2>{t('integrity.whole')}</h2>
      {report.error ? (
        <ProblemMessage error={report.error} />
      ) : !report.data ? (
        <Loading />
      ) : (
        <>
          <IntegrityStatus report={report.data} />
          {broken && <p><Link to={streamPath(broken.streamId)}>{t('openStream')}: {broken.streamId}</Link></p>}
        </>
      )}
    </section>
  );
}
