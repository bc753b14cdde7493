import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { AuditEvent, AuditPage, IntegrityReport } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, Pager } from '../../components/ui';
import { IntegrityStatus, JsonBlock, MetadataList, STREAM_ID, streamPath, UtcTime } from './parts';

/** Events per page of one stream. */
const LIMIT = 50;

/**
 * The stream form (`/audit/streams`): the auditor types a stream id (`partner-{account id}` or
 * `customer-{account id}`) and opens its history. Calls no API itself.
 */
export function AuditStreams() {
  const { t } = useTranslation('audit');
  return (
    <section className="narrow audit">
      <PageTitle>{t('streams.title')}</PageTitle>
      <p className="muted">{t('streams.intro')}</p>
      <StreamForm />
    </section>
  );
}

function StreamForm({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation('audit');
  const navigate = useNavigate();
  const [streamId, setStreamId] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const id = streamId.trim();
    if (!STREAM_ID.test(id)) {
      setError(t('streams.invalid'));
      return;
    }
    setError(undefined);
    navigate(streamPath(id));
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate>
      <Field label={t('streams.streamId')} hint={t('streams.streamIdHint')} error={error} required>
        {(control) => <input {...control} className="input-wide" value={streamId} onChange={(e) => setStreamId(e.target.value)} spellCheck={false} autoComplete="off" autoCapitalize="off" />}
      </Field>
      <button type="submit">{t('openStream')}</button>
    </form>
  );
}

/**
 * One stream's history (`/audit/streams/:streamId`), or the stream form again when it holds no event: its integrity (verified, or broken at a revision
 * with the reason), then every event with its revision, position, recording time, every metadata
 * field (actor, command, correlation and causation ids, hashes, schema version, whatever was
 * recorded) and its data, oldest or newest first, paged by revision.
 * Calls GET /v1/audit/streams/{streamId}/events and GET /v1/audit/integrity?streamId=.
 */
export function AuditStream() {
  const { t } = useTranslation('audit');
  const { streamId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const direction = params.get('order') === 'backwards' ? 'backwards' : 'forwards';
  const cursor = params.get('cursor') ?? undefined;
  const page = useRead<AuditPage>(['audit-stream', streamId, direction, cursor], (minPosition) =>
    api.GET('/v1/audit/streams/{streamId}/events', { params: { path: { streamId }, query: { direction, cursor, limit: LIMIT, minPosition } } }),
  { retry: false, enabled: STREAM_ID.test(streamId) });
  const integrity = useRead<IntegrityReport>(['audit-integrity', streamId], () =>
    api.GET('/v1/audit/integrity', { params: { query: { streamId } } }),
  { retry: false, enabled: STREAM_ID.test(streamId) });
  const go = (next: { order?: string; cursor?: string }) => {
    const search = new URLSearchParams();
    if (next.order === 'backwards') search.set('order', 'backwards');
    if (next.cursor) search.set('cursor', next.cursor);
    setParams(search);
  };
  const items = page.data?.items ?? [];
  return (
    <section className="audit">
      <PageTitle actions={<Link to="/audit/streams">{t('stream.other')}</Link>}>{t('stream.title', { streamId })}</PageTitle>
      <p className="muted">{t('stream.intro')}</p>
      {!STREAM_ID.test(streamId) ? (
        <>
          <p className="problem" role="alert">{t('streams.invalid')}</p>
          <StreamForm key={streamId} initial={streamId} />
        </>
      ) : page.data && items.length === 0 && !cursor ? (
        <>
          <p className="muted" role="status" data-testid="stream-empty">{t('stream.empty')}</p>
          <StreamForm key={streamId} initial={streamId} />
        </>
      ) : (
        <>
          <h2>{t('integrity.ofStream')}</h2>
          {integrity.error ? <ProblemMessage error={integrity.error} /> : integrity.data ? <IntegrityStatus report={integrity.data} /> : <Loading />}
          <div className="page-title">
            <h2>{t('stream.events')}</h2>
            <div className="field field-inline">
              <label htmlFor="stream-order">{t('stream.order')}</label>
              <select id="stream-order" value={direction} onChange={(e) => go({ order: e.target.value })}>
                <option value="forwards">{t('stream.forwards')}</option>
                <option value="backwards">{t('stream.backwards')}</option>
              </select>
            </div>
          </div>
          {page.error ? (
            <ProblemMessage error={page.error} />
          ) : !page.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <p className="muted" role="status">{t('stream.empty')}</p>
          ) : (
            <ol className="events" data-testid="stream-events">
              {items.map((event) => <EventItem key={event.eventId} event={event} />)}
            </ol>
          )}
          <Pager cursor={cursor} nextCursor={page.data?.nextCursor} onCursor={(next) => go({ order: direction, cursor: next })} />
        </>
      )}
    </section>
  );
}

/** One event: where it stands in the stream and the log, its metadata and its data. */
function EventItem({ event }: { event: AuditEvent }) {
  const { t } = useTranslation('audit');
  const heading = `event-${event.revision}`;
  return (
    <li className="card event" aria-labelledby={heading} data-testid={`event-${event.revision}`} data-type={event.type}>
      <h3 id={heading}>{t('stream.event', { revision: event.revision, type: event.type })}</h3>
      <dl className="facts">
        <dt>{t('stream.revision')}</dt>
        <dd>{event.revision}</dd>
        <dt>{t('stream.position')}</dt>
        <dd>{event.position}</dd>
        <dt>{t('stream.eventId')}</dt>
        <dd><code>{event.eventId}</code></dd>
        <dt>{t('stream.recordedAt')}</dt>
        <dd><UtcTime iso={event.recordedAt} /></dd>
      </dl>
      <div className="event-parts">
        <div>
          <h4>{t('stream.metadata')}</h4>
          <div data-testid="event-metadata"><MetadataList metadata={event.metadata} /></div>
        </div>
        <div>
          <h4>{t('stream.data')}</h4>
          <JsonBlock value={event.data} label={`${t('stream.data')}: ${event.type}`} />
        </div>
      </div>
    </li>
  );
}
