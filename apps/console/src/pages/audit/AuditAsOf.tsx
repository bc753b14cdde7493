import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { StateAsOf } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, StateBadge } from '../../components/ui';
import { useProgram } from '../../program';
import { InZone, inputFromUtc, JsonBlock, streamPath, utcFromInput } from './parts';

type Kind = 'partner' | 'customer';

interface Draft { kind: Kind; id: string; at: string }

/**
 * A partner or a customer relationship as it stood at a past time (`/audit/as-of`): the auditor
 * picks partner or customer, types the account id and a date and time in UTC (the screen says so and
 * shows the same instant in the program's time zone), and sees the folded state (its status as a
 * badge, then every field), the revision and position of the last event folded, and how many events
 * were folded. The question lives in the address (`?kind=&id=&at=`).
 * Calls GET /v1/audit/partners/{id} or GET /v1/audit/customers/{id} with `asOf`.
 */
export function AuditAsOf() {
  const { t } = useTranslation('audit');
  const program = useProgram();
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('kind') === 'customer' ? 'customer' : 'partner';
  const id = params.get('id') ?? '';
  const asOf = params.get('at') ?? undefined;
  const [draft, setDraft] = useState<Draft>({ kind, id, at: inputFromUtc(asOf) });
  const [error, setError] = useState<string | undefined>();
  // The address is the truth (back, forward, the menu): the form follows it.
  useEffect(() => setDraft({ kind, id, at: inputFromUtc(asOf) }), [kind, id, asOf]);
  const answer = useRead<StateAsOf>(['audit-as-of', kind, id, asOf], (minPosition) =>
    kind === 'partner'
      ? api.GET('/v1/audit/partners/{id}', { params: { path: { id }, query: { asOf, minPosition } } })
      : api.GET('/v1/audit/customers/{id}', { params: { path: { id }, query: { asOf, minPosition } } }),
  { retry: false, enabled: id !== '' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const subject = draft.id.trim();
    if (!subject) {
      setError(t('asOf.idInvalid'));
      return;
    }
    setError(undefined);
    const search = new URLSearchParams({ kind: draft.kind, id: subject });
    const at = utcFromInput(draft.at);
    if (at) search.set('at', at);
    setParams(search);
  };
  return (
    <section className="audit">
      <PageTitle>{t('asOf.title')}</PageTitle>
      <p className="muted">{t('asOf.intro')}</p>
      <form className="card" onSubmit={onSubmit} noValidate>
        <fieldset className="plain">
          <legend>{t('asOf.subject')}</legend>
          <div className="choices">
            {(['partner', 'customer'] as const).map((option) => (
              <label key={option} className="check">
                <input type="radio" name="kind" value={option} checked={draft.kind === option} onChange={() => setDraft({ ...draft, kind: option })} />
                {t(`asOf.kinds.${option}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid-2">
          <Field label={t('asOf.id')} hint={t('asOf.idHint')} error={error} required>
            {(control) => <input {...control} value={draft.id} onChange={(e) => setDraft({ ...draft, id: e.target.value })} spellCheck={false} autoComplete="off" autoCapitalize="off" />}
          </Field>
          <Field
            label={t('asOf.time')}
            hint={<>{t('utcHint')} {t('asOf.timeHint')} {utcFromInput(draft.at) && <InZone iso={utcFromInput(draft.at)} timeZone={program.timeZone} />}</>}
          >
            {(control) => <input {...control} type="datetime-local" step={1} value={draft.at} onChange={(e) => setDraft({ ...draft, at: e.target.value })} />}
          </Field>
        </div>
        <button type="submit">{t('asOf.show')}</button>
      </form>
      {id !== '' && (answer.error ? <ProblemMessage error={answer.error} /> : answer.data ? <Result kind={kind} answer={answer.data} /> : <Loading />)}
    </section>
  );
}

function Result({ kind, answer }: { kind: Kind; answer: StateAsOf }) {
  const { t, i18n } = useTranslation('audit');
  const status = answer.state && typeof answer.state === 'object' ? (answer.state as { status?: unknown }).status : undefined;
  const stream = `${kind}-${answer.subject}`;
  return (
    <div className="card" role="status" data-testid="as-of-result">
      <h2>{t('asOf.result', { time: t('utc', { time: answer.asOf.replace('T', ' ').replace(/Z$/, '') }) })}</h2>
      <dl className="facts">
        <dt>{t('asOf.status')}</dt>
        <dd data-testid="as-of-status">{typeof status !== 'string' ? '—' : i18n.exists(`common:${kind}States.${status}`) ? <StateBadge kind={kind} state={status} /> : <code>{status}</code>}</dd>
        <dt>{t('asOf.revision')}</dt>
        <dd>{answer.revision ?? t('asOf.none')}</dd>
        <dt>{t('asOf.position')}</dt>
        <dd>{answer.position ?? t('asOf.none')}</dd>
        <dt>{t('asOf.eventsFolded')}</dt>
        <dd data-testid="as-of-folded">{answer.eventsFolded}</dd>
      </dl>
      <h3>{t('asOf.state')}</h3>
      <JsonBlock value={answer.state} label={t('asOf.state')} />
      <p><Link to={streamPath(stream)}>{t('openStream')}: {stream}</Link></p>
    </div>
  );
}
