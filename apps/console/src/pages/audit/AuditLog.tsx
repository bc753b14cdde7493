import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { AuditPage } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, Pager } from '../../components/ui';
import { useProgram } from '../../program';
import { ActorText, InZone, inputFromUtc, streamPath, utcFromInput, UtcTime } from './parts';

/** Events per page of the global log. */
const LIMIT = 50;

const TYPES = /^[A-Za-z]{1,100}(,[A-Za-z]{1,100}){0,49}$/;

/** The filters as the person types them: event types, and the `datetime-local` values read as UTC. */
interface Draft { types: string; from: string; to: string }

/**
 * The auditor's global log (`/audit`): every event in the order it was recorded, as a table of
 * position, time (UTC), stream (a link to its history), type and actor, filtered by event types and
 * a recording-time window [from, to), paged by position. Filters and page live in the address, so a
 * filtered view can be shared or bookmarked.
 * Calls GET /v1/audit/events (`types`, `from`, `to`, `after`, `limit`).
 */
export function AuditLog() {
  const { t } = useTranslation('audit');
  const program = useProgram();
  const [params, setParams] = useSearchParams();
  const types = params.get('types') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const after = params.get('after') ?? undefined;
  const [draft, setDraft] = useState<Draft>({ types: types ?? '', from: inputFromUtc(from), to: inputFromUtc(to) });
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  // The address is the truth (back, forward, the menu): the form follows it.
  useEffect(() => setDraft({ types: types ?? '', from: inputFromUtc(from), to: inputFromUtc(to) }), [types, from, to]);
  const page = useRead<AuditPage>(['audit-log', types, from, to, after], (minPosition) =>
    api.GET('/v1/audit/events', { params: { query: { types, from, to, after, limit: LIMIT, minPosition } } }),
  { retry: false });

  const apply = (next: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, item] of Object.entries(next)) if (item) search.set(key, item);
    setParams(search);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const typed = draft.types.replace(/\s+/g, '');
    const start = utcFromInput(draft.from);
    const end = utcFromInput(draft.to);
    const found: Partial<Record<keyof Draft, string>> = {};
    if (typed && !TYPES.test(typed)) found.types = t('log.typesInvalid');
    if (start && end && start >= end) found.to = t('log.timesInvalid');
    setErrors(found);
    if (Object.keys(found).length === 0) apply({ types: typed, from: start, to: end });
  };
  const onReset = () => {
    setDraft({ types: '', from: '', to: '' });
    setErrors({});
    apply({});
  };
  const zoneHint = (typed: string) => {
    const iso = utcFromInput(typed);
    return iso ? <InZone iso={iso} timeZone={program.timeZone} /> : undefined;
  };
  const items = page.data?.items ?? [];
  const cutShort = page.data && page.data.nextCursor !== null && items.length < LIMIT;
  return (
    <section className="audit">
      <PageTitle>{t('log.title')}</PageTitle>
      <p className="muted">{t('log.intro')}</p>
      <form className="card" onSubmit={onSubmit} onReset={onReset} aria-label={t('log.filters')}>
        <Field label={t('log.types')} hint={t('log.typesHint')} error={errors.types}>
          {(control) => <input {...control} className="input-wide" value={draft.types} onChange={(e) => setDraft({ ...draft, types: e.target.value })} spellCheck={false} autoComplete="off" />}
        </Field>
        <div className="grid-2">
          <Field label={t('log.from')} hint={zoneHint(draft.from)}>
            {(control) => <input {...control} type="datetime-local" step={1} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
          </Field>
          <Field label={t('log.to')} hint={zoneHint(draft.to)} error={errors.to}>
            {(control) => <input {...control} type="datetime-local" step={1} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
          </Field>
        </div>
        <p className="hint utc-hint">{t('utcHint')}</p>
        <div className="actions">
          <button type="submit">{t('log.apply')}</button>
          <button type="reset" className="secondary">{t('log.reset')}</button>
        </div>
      </form>
      {page.error ? (
        <ProblemMessage error={page.error} />
      ) : !page.data ? (
        <Loading />
      ) : items.length === 0 && !cutShort ? (
        <p className="muted" role="status">{t('log.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="audit-log">
            <caption className="visually-hidden">{t('log.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{t('log.position')}</th>
                <th scope="col">{t('log.time')}</th>
                <th scope="col">{t('log.stream')}</th>
                <th scope="col">{t('log.type')}</th>
                <th scope="col">{t('log.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <tr key={event.position} data-type={event.type}>
                  <td className="num">{event.position}</td>
                  <td className="nowrap"><UtcTime iso={event.recordedAt} /></td>
                  <td className="wrap"><Link to={streamPath(event.streamId)}>{event.streamId}</Link></td>
                  <td>{event.type}</td>
                  <td><ActorText actor={event.metadata.actor} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cutShort && <p className="muted">{t('log.scanned', { position: page.data?.nextCursor })}</p>}
      <Pager cursor={after} nextCursor={page.data?.nextCursor} onCursor={(cursor) => apply({ types, from, to, after: cursor })} />
    </section>
  );
}
