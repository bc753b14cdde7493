import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { keyed, useCommand, useRead } from '../../api/hooks';
import type { CommandAnswer, PartnerWebhookEventType, WebhookDeliveryPage, WebhookSecretAnswer, WebhookSubscription, WebhookSubscriptionDetail, WebhookSubscriptionPage } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, Pager } from '../../components/ui';
import { dateTime } from '../../format';
import { useProgram } from '../../program';

/** The groups the event choices are shown in, in this order. */
const GROUPS = ['partner', 'customer', 'credit'] as const;

/**
 * Every event type a partner's subscription receives, by group. A Record over the api's type, so
 * a public partner event added to the api does not compile until it is placed (and labelled) here.
 */
export const PARTNER_EVENT_TYPES: Record<PartnerWebhookEventType, (typeof GROUPS)[number]> = {
  PartnerRegistrationSubmitted: 'partner',
  PartnerApproved: 'partner',
  PartnerRejected: 'partner',
  PartnerProfileUpdated: 'partner',
  PartnerCourseCompleted: 'partner',
  PartnerAssessmentRecorded: 'partner',
  PartnerSuspended: 'partner',
  PartnerReinstated: 'partner',
  PartnerTerminated: 'partner',
  CustomerInvited: 'customer',
  CustomerInvitationConfirmed: 'customer',
  CustomerInvitationDeclined: 'customer',
  CustomerInvitationCancelled: 'customer',
  CustomerInvitationExpired: 'customer',
  CustomerApproved: 'customer',
  CustomerRejected: 'customer',
  CustomerRelationshipEnded: 'customer',
  CustomerDiscountSet: 'customer',
  CustomerPriceListAssigned: 'customer',
  PartnerCreditDeposited: 'credit',
  CustomerCreditAllocated: 'credit',
  PartnerCreditThresholdsSet: 'credit',
  PartnerCreditThresholdCrossed: 'credit',
  CustomerRevenueRecorded: 'credit',
};

const TYPES = Object.keys(PARTNER_EVENT_TYPES) as PartnerWebhookEventType[];

/** A secret to show once: which subscription, which version, and the secret itself (absent in an idempotent replay). */
interface ShownSecret { subscriptionId: string; url: string; version: number; secret?: string; rotated: boolean }

/** The next log position after `deliveredThrough` (a decimal string of a 64-bit integer). */
const after = (position: string): string => (BigInt(position) + 1n).toString();

/**
 * The partner's webhooks (`/partner/webhooks`, issue 18): its subscriptions and where their
 * deliveries stand (GET /v1/webhooks), "Add a webhook" (POST /v1/webhooks: a URL and the event types
 * a partner receives), and, for the one chosen (`?subscription={id}`, kept in the address), its
 * delivery log (GET .../deliveries, newest first), "Rotate secret" (POST .../secret), "Redeliver
 * from" a log position (POST .../redelivery) and "Delete" (DELETE). A signing secret is shown once,
 * in memory only: never in the address or the browser's storage (docs/webhooks.md, "Subscribing").
 */
export function Webhooks() {
  const { t } = useTranslation('partner');
  const [search, setSearch] = useSearchParams();
  const selected = search.get('subscription') ?? undefined;
  const [shown, setShown] = useState<ShownSecret | undefined>();
  const list = useRead<WebhookSubscriptionPage>(['webhooks'], (minPosition) => api.GET('/v1/webhooks', { params: { query: { minPosition } } }));
  const choose = (subscriptionId: string | undefined) => setSearch(subscriptionId ? { subscription: subscriptionId } : {});
  const items = list.data?.items ?? [];
  return (
    <section>
      <PageTitle>{t('webhooks.title')}</PageTitle>
      <p className="muted">{t('webhooks.intro')}</p>
      {shown && <SecretBox shown={shown} onDone={() => setShown(undefined)} />}
      <h2>{t('webhooks.list.title')}</h2>
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading />}
      {list.data && items.length === 0 && <p className="muted">{t('webhooks.list.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="webhooks">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.list.url')}</th>
                <th scope="col">{t('webhooks.list.eventTypes')}</th>
                <th scope="col">{t('webhooks.list.status')}</th>
                <th scope="col">{t('webhooks.list.deliveries')}</th>
                <th scope="col"><span className="visually-hidden">{t('webhooks.list.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-subscription={s.id} className={s.id === selected ? 'selected' : undefined}>
                  <td className="wrap"><code>{s.url}</code></td>
                  <td><EventTypeList types={s.eventTypes} compact /></td>
                  <td><WebhookStatus subscription={s} /></td>
                  <td><DeliveryState subscription={s} /></td>
                  <td>
                    <button type="button" className="secondary" aria-pressed={s.id === selected} aria-label={t('webhooks.list.manageOne', { url: s.url })} onClick={() => choose(s.id === selected ? undefined : s.id)}>
                      {t('webhooks.list.manage')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <WebhookDetail key={selected} subscriptionId={selected} onSecret={setShown} onClose={() => choose(undefined)} />}
      <AddWebhook
        onAdded={(answer, url) => {
          setShown({ subscriptionId: answer.id, url, version: answer.secretVersion, secret: answer.secret, rotated: false });
          choose(answer.id);
        }}
      />
    </section>
  );
}

/** The status as a word on a badge (never a colour alone); a failing one with since when and the last error. */
function WebhookStatus({ subscription: s }: { subscription: WebhookSubscription }) {
  const { t, i18n } = useTranslation('partner');
  const program = useProgram();
  return (
    <div className="webhook-status">
      <span className={`badge badge-webhook-${s.status}`} data-state={s.status}>{t(`webhooks.states.${s.status}`, { defaultValue: s.status })}</span>
      {s.status === 'failing' && <p className="hint">{t('webhooks.list.failingSince', { time: dateTime(s.failingSince, i18n.language, program.timeZone) })}</p>}
      {s.delivery.lastError && <p className="hint wrap" data-testid="last-error">{t('webhooks.list.lastError')}: {s.delivery.lastError}</p>}
    </div>
  );
}

/** Where deliveries stand: delivered through which position, when last, and the retry in progress if any. */
function DeliveryState({ subscription: s }: { subscription: WebhookSubscription }) {
  const { t, i18n } = useTranslation('partner');
  const program = useProgram();
  const lang = i18n.language;
  return (
    <dl className="facts compact" data-testid="delivery-state">
      <dt>{t('webhooks.list.deliveredThrough')}</dt><dd className="num">{s.delivery.deliveredThrough}</dd>
      <dt>{t('webhooks.list.lastDeliveredAt')}</dt><dd>{s.delivery.lastDeliveredAt ? dateTime(s.delivery.lastDeliveredAt, lang, program.timeZone) : t('webhooks.list.never')}</dd>
      <dt>{t('webhooks.list.attempts')}</dt><dd className="num">{s.delivery.attempts}</dd>
      {s.status !== 'deleted' && s.delivery.attempts > 0 && (<><dt>{t('webhooks.list.nextAttemptAt')}</dt><dd>{dateTime(s.delivery.nextAttemptAt, lang, program.timeZone)}</dd></>)}
    </dl>
  );
}

/** Event types as developers name them, each with its label for people (in the list, only the names, with the label as their title). */
function EventTypeList({ types, compact }: { types: readonly string[]; compact?: boolean }) {
  const { t } = useTranslation('partner');
  return (
    <ul className={compact ? 'event-types compact' : 'event-types'}>
      {types.map((type) => (
        <li key={type}>
          <code title={compact ? t(`webhooks.types.${type}`, { defaultValue: type }) : undefined}>{type}</code>
          {!compact && <> <span className="muted">{t(`webhooks.types.${type}`, { defaultValue: '' })}</span></>}
        </li>
      ))}
    </ul>
  );
}

/**
 * The signing secret, shown once: the box says so, offers a copy button, and tells how to verify.
 * An idempotent replay of the same submit has no secret (the api never stores it): then the box
 * says to rotate it.
 */
function SecretBox({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const { t } = useTranslation('partner');
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const box = useRef<HTMLDivElement>(null);
  // Moved to and announced when it appears: a rotation's secret comes from a panel further down.
  useEffect(() => box.current?.focus(), [shown]);
  const copy = () => {
    navigator.clipboard.writeText(shown.secret!).then(() => setCopied('yes'), () => setCopied('failed'));
  };
  return (
    <div ref={box} tabIndex={-1} className="card secret-box" role="region" aria-labelledby="secret-title" data-testid="secret-box">
      <h2 id="secret-title">{shown.rotated ? t('webhooks.secret.rotatedTitle', { version: shown.version }) : t('webhooks.secret.title')}</h2>
      <p className="hint wrap">{shown.url}</p>
      {shown.secret ? (
        <>
          <p className="secret-once"><strong>{t('webhooks.secret.once')}</strong></p>
          <div className="field">
            <label htmlFor="webhook-secret">{t('webhooks.secret.label')}</label>
            <input id="webhook-secret" className="secret" readOnly spellCheck={false} value={shown.secret} onFocus={(e) => e.target.select()} />
          </div>
          <div className="actions">
            <button type="button" onClick={copy}>{t('webhooks.secret.copy')}</button>
            <button type="button" className="secondary" onClick={onDone}>{t('webhooks.secret.done')}</button>
          </div>
          {copied && <p className={copied === 'yes' ? 'notice' : 'problem'} role="status">{copied === 'yes' ? t('webhooks.secret.copied') : t('webhooks.secret.copyFailed')}</p>}
          <p>{t('webhooks.secret.verify')}</p>
        </>
      ) : (
        <>
          <p>{t('webhooks.secret.replayed')}</p>
          <button type="button" className="secondary" onClick={onDone}>{t('webhooks.secret.done')}</button>
        </>
      )}
    </div>
  );
}

/** "Add a webhook": the URL, the event types (by group, each with its label and its type name) and an optional contact for failures. */
function AddWebhook({ onAdded }: { onAdded: (answer: WebhookSecretAnswer, url: string) => void }) {
  const { t } = useTranslation('partner');
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<ReadonlySet<string>>(new Set());
  const [contactEmail, setContactEmail] = useState('');
  const [noTypes, setNoTypes] = useState(false);
  const create = useCommand<{ url: string; eventTypes: string[]; contactEmail?: string }, WebhookSecretAnswer>(
    (body, key) => api.POST('/v1/webhooks', { headers: keyed(key), body }),
    (answer, body) => {
      onAdded(answer, body.url);
      setUrl('');
      setTypes(new Set());
      setContactEmail('');
    },
  );
  const toggle = (type: string, on: boolean) => {
    const next = new Set(types);
    if (on) next.add(type);
    else next.delete(type);
    setTypes(next);
    if (next.size > 0) setNoTypes(false);
  };
  const toggleGroup = (group: (typeof GROUPS)[number], on: boolean) => {
    const next = new Set(types);
    for (const type of TYPES.filter((x) => PARTNER_EVENT_TYPES[x] === group)) {
      if (on) next.add(type);
      else next.delete(type);
    }
    setTypes(next);
    if (next.size > 0) setNoTypes(false);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (types.size === 0) {
      setNoTypes(true);
      return;
    }
    create.mutate({ url: url.trim(), eventTypes: TYPES.filter((type) => types.has(type)), ...(contactEmail.trim() ? { contactEmail: contactEmail.trim() } : {}) });
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="add-webhook-title" data-testid="add-webhook">
      <h2 id="add-webhook-title">{t('webhooks.add.title')}</h2>
      <p className="muted">{t('webhooks.add.intro')}</p>
      <Field label={t('webhooks.add.url')} hint={t('webhooks.add.urlHint')} required>
        {(control) => <input {...control} type="url" inputMode="url" autoComplete="url" maxLength={2000} placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <fieldset className="plain" aria-describedby={noTypes ? 'webhook-types-error' : 'webhook-types-hint'}>
        <legend>{t('webhooks.add.eventTypes')} <span className="required" aria-hidden="true">*</span></legend>
        <p id="webhook-types-hint" className="hint">{t('webhooks.add.eventTypesHint')}</p>
        <div className="event-groups">
          {GROUPS.map((group) => {
            const inGroup = TYPES.filter((type) => PARTNER_EVENT_TYPES[type] === group);
            const all = inGroup.every((type) => types.has(type));
            return (
              <fieldset key={group} className="event-group">
                <legend>{t(`webhooks.add.groups.${group}`)}</legend>
                <label className="check all">
                  <input type="checkbox" checked={all} onChange={(e) => toggleGroup(group, e.target.checked)} /><span>{t('webhooks.add.all', { group: t(`webhooks.add.groups.${group}`) })}</span>
                </label>
                {inGroup.map((type) => (
                  <label key={type} className="check">
                    <input type="checkbox" name="eventTypes" value={type} checked={types.has(type)} onChange={(e) => toggle(type, e.target.checked)} />
                    <span>{t(`webhooks.types.${type}`)} <code>{type}</code></span>
                  </label>
                ))}
              </fieldset>
            );
          })}
        </div>
        {noTypes && <p id="webhook-types-error" className="field-error" role="alert">{t('webhooks.add.noTypes')}</p>}
      </fieldset>
      <Field label={t('webhooks.add.contactEmail')} hint={t('webhooks.add.contactHint')}>
        {(control) => <input {...control} type="email" autoComplete="email" maxLength={254} value={contactEmail} onChange={(e) => setContactEmail(e.target.value)} />}
      </Field>
      <ProblemMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>{t('webhooks.add.submit')}</button>
    </form>
  );
}

/**
 * One subscription (GET /v1/webhooks/{id}, so a deleted one still shows as deleted): its facts, what
 * can be done while it is not deleted, and its delivery log.
 */
function WebhookDetail({ subscriptionId, onSecret, onClose }: { subscriptionId: string; onSecret: (shown: ShownSecret) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation('partner');
  const { t: common } = useTranslation();
  const program = useProgram();
  const path = { subscriptionId };
  const detail = useRead<WebhookSubscriptionDetail>(['webhook', subscriptionId], (minPosition) => api.GET('/v1/webhooks/{subscriptionId}', { params: { path, query: { minPosition } } }), { retry: false });
  const [cursor, setCursor] = useState<string | undefined>();
  const log = useRead<WebhookDeliveryPage>(['webhook-deliveries', subscriptionId, cursor], () => api.GET('/v1/webhooks/{subscriptionId}/deliveries', { params: { path, query: { cursor, limit: 20 } } }), { retry: false });
  const [from, setFrom] = useState<string | undefined>();
  const refresh = () => {
    void detail.refetch();
    void log.refetch();
  };
  if (detail.error) return <section className="card"><ProblemMessage error={detail.error} /><button type="button" className="secondary" onClick={onClose}>{common('actions.close')}</button></section>;
  if (!detail.data) return <Loading />;
  const s = detail.data;
  const lang = i18n.language;
  const live = s.status !== 'deleted';
  return (
    <section className="card webhook-detail" aria-labelledby="webhook-detail-title" data-testid="webhook-detail">
      <div className="page-title">
        <h2 id="webhook-detail-title" className="wrap">{t('webhooks.detail.title', { url: s.url })}</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={refresh}>{t('webhooks.detail.refresh')}</button>
          <button type="button" className="secondary" onClick={onClose}>{common('actions.close')}</button>
        </div>
      </div>
      <dl className="facts">
        <dt>{t('webhooks.list.status')}</dt><dd><WebhookStatus subscription={s} /></dd>
        <dt>{t('webhooks.detail.createdAt')}</dt><dd>{dateTime(s.createdAt, lang, program.timeZone)}</dd>
        <dt>{t('webhooks.detail.secretVersion')}</dt><dd data-testid="secret-version">{s.secretVersion}</dd>
        <dt>{t('webhooks.detail.contactEmail')}</dt><dd>{s.contactEmail ?? t('webhooks.detail.partnerContact')}</dd>
        <dt>{t('webhooks.list.eventTypes')}</dt><dd><EventTypeList types={s.eventTypes} /></dd>
        <dt>{t('webhooks.list.deliveries')}</dt><dd><DeliveryState subscription={s} /></dd>
      </dl>
      {live && (
        <div className="panels">
          <RedeliverPanel subscription={s} from={from ?? after(s.delivery.deliveredThrough)} onFrom={setFrom} />
          <RotatePanel subscription={s} onSecret={onSecret} />
          <DeletePanel subscription={s} />
        </div>
      )}
      <h3>{t('webhooks.log.title')}</h3>
      <p className="muted">{t('webhooks.log.intro')}</p>
      <ProblemMessage error={log.error} />
      {log.data && log.data.items.length === 0 && <p className="muted">{t('webhooks.log.empty')}</p>}
      {log.data && log.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="delivery-log">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.log.time')}</th>
                <th scope="col">{t('webhooks.log.eventType')}</th>
                <th scope="col" className="num">{t('webhooks.log.position')}</th>
                <th scope="col" className="num">{t('webhooks.log.attempt')}</th>
                <th scope="col">{t('webhooks.log.result')}</th>
                <th scope="col" className="num">{t('webhooks.log.latency')}</th>
                {live && <th scope="col"><span className="visually-hidden">{t('webhooks.log.actions')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((d) => (
                <tr key={d.id} data-event-type={d.eventType} data-ok={d.ok}>
                  <td className="nowrap">{dateTime(d.attemptedAt, lang, program.timeZone)}</td>
                  <td><code>{d.eventType}</code></td>
                  <td className="num">{d.eventPosition}</td>
                  <td className="num">{d.attempt}</td>
                  <td className="wrap">
                    <span className={`badge ${d.ok ? 'badge-webhook-active' : 'badge-webhook-failing'}`}>{d.ok ? t('webhooks.log.ok') : t('webhooks.log.failed')}</span>{' '}
                    {d.statusCode !== null && <span data-testid="status-code">{d.statusCode}</span>}
                    {d.error && <span className="muted"> {d.error}</span>}
                  </td>
                  <td className="num">{t('webhooks.log.latencyValue', { ms: d.latencyMs })}</td>
                  {live && (
                    <td>
                      <button type="button" className="link" aria-label={t('webhooks.log.fromHereOne', { position: d.eventPosition })} onClick={() => setFrom(d.eventPosition)}>{t('webhooks.log.fromHere')}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={log.data?.nextCursor} cursor={cursor} onCursor={setCursor} />
    </section>
  );
}

/** "Redeliver from": a log position (prefilled after `deliveredThrough`, or a row of the log), inclusive. */
function RedeliverPanel({ subscription, from, onFrom }: { subscription: WebhookSubscriptionDetail; from: string; onFrom: (position: string) => void }) {
  const { t } = useTranslation('partner');
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const redeliver = useCommand<string, CommandAnswer>(
    (fromPosition, key) => api.POST('/v1/webhooks/{subscriptionId}/redelivery', { params: { path: { subscriptionId: subscription.id } }, headers: keyed(key), body: { fromPosition } }),
    (_answer, fromPosition) => setDone(fromPosition),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const position = from.trim();
    if (!/^[1-9]\d{0,18}$/.test(position)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setDone(undefined);
    redeliver.mutate(position);
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="redeliver-title" noValidate>
      <h3 id="redeliver-title">{t('webhooks.redeliver.title')}</h3>
      <p className="muted">{t('webhooks.redeliver.intro')}</p>
      <Field label={t('webhooks.redeliver.position')} hint={t('webhooks.redeliver.positionHint', { through: subscription.delivery.deliveredThrough })} error={invalid ? t('webhooks.redeliver.invalid') : undefined} required>
        {(control) => <input {...control} inputMode="numeric" autoComplete="off" value={from} onChange={(e) => onFrom(e.target.value)} />}
      </Field>
      <button type="submit" disabled={redeliver.isPending}>{t('webhooks.redeliver.submit')}</button>
      <ProblemMessage error={redeliver.error} />
      {done && <p className="notice" role="status">{t('webhooks.redeliver.done', { position: done })}</p>}
    </form>
  );
}

/** A button that asks once more before it acts (rotation and deletion). */
function ConfirmFirst({ label, question, yes, danger, pending, onConfirm }: { label: string; question: string; yes: string; danger?: boolean; pending: boolean; onConfirm: () => void }) {
  const { t: common } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) return <button type="button" className={danger ? 'danger' : undefined} disabled={pending} onClick={() => setAsking(true)}>{label}</button>;
  return (
    <div className="confirm" role="alert">
      <p>{question}</p>
      <div className="actions">
        <button type="button" className={danger ? 'danger' : undefined} disabled={pending} onClick={() => { setAsking(false); onConfirm(); }}>{yes}</button>
        <button type="button" className="secondary" onClick={() => setAsking(false)}>{common('actions.cancel')}</button>
      </div>
    </div>
  );
}

/** "Rotate secret": a new secret, shown once; the old one keeps signing for 24 hours. */
function RotatePanel({ subscription, onSecret }: { subscription: WebhookSubscriptionDetail; onSecret: (shown: ShownSecret) => void }) {
  const { t } = useTranslation('partner');
  const rotate = useCommand<void, WebhookSecretAnswer>(
    (_none, key) => api.POST('/v1/webhooks/{subscriptionId}/secret', { params: { path: { subscriptionId: subscription.id } }, headers: keyed(key) }),
    (answer) => onSecret({ subscriptionId: subscription.id, url: subscription.url, version: answer.secretVersion, secret: answer.secret, rotated: true }),
  );
  return (
    <div className="card" role="group" aria-labelledby="rotate-title">
      <h3 id="rotate-title">{t('webhooks.rotate.title')}</h3>
      <p className="muted">{t('webhooks.rotate.intro')}</p>
      <ConfirmFirst label={t('webhooks.rotate.submit')} question={t('webhooks.rotate.confirm')} yes={t('webhooks.rotate.yes')} pending={rotate.isPending} onConfirm={() => rotate.mutate()} />
      <ProblemMessage error={rotate.error} />
    </div>
  );
}

/** "Delete": nothing more is delivered; it cannot be undone. */
function DeletePanel({ subscription }: { subscription: WebhookSubscriptionDetail }) {
  const { t } = useTranslation('partner');
  const remove = useCommand<void>((_none, key) => api.DELETE('/v1/webhooks/{subscriptionId}', { params: { path: { subscriptionId: subscription.id } }, headers: keyed(key) }));
  return (
    <div className="card" role="group" aria-labelledby="delete-title">
      <h3 id="delete-title">{t('webhooks.remove.title')}</h3>
      <p className="muted">{t('webhooks.remove.intro')}</p>
      <ConfirmFirst label={t('webhooks.remove.submit')} question={t('webhooks.remove.confirm', { url: subscription.url })} yes={t('webhooks.remove.yes')} danger pending={remove.isPending} onConfirm={() => remove.mutate()} />
      <ProblemMessage error={remove.error} />
    </div>
  );
}
