import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrityReport } from '../../api/types';
import { localeOf } from '../../format';

/** A stream name as the api accepts it (libs/audit audit.dto STREAM_ID). */
export const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,300}$/;

/** `/audit/streams/{streamId}`. */
export const streamPath = (streamId: string): string => `/audit/streams/${encodeURIComponent(streamId)}`;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/**
 * A UTC ISO-8601 time exactly as recorded, to the millisecond, in UTC: auditors compare times with
 * the log and with each other, so they are neither rounded nor moved to a local zone.
 */
export function UtcTime({ iso }: { iso: string | null | undefined }) {
  const { t } = useTranslation('audit');
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{t('utc', { time: iso.replace('T', ' ').replace(/Z$/, '') })}</time>;
}

/**
 * What a `datetime-local` control holds ("2026-11-23T03:00" or with seconds), read as UTC, as the
 * api's RFC 3339 time; undefined when empty or not a time. The control has no zone of its own: the
 * screens label it UTC and say so, so the same text means the same instant for every auditor.
 */
export function utcFromInput(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/.exec(value.trim());
  if (!match) return undefined;
  const iso = `${match[1]}${match[2] ?? ':00'}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** The api's UTC time as the value of a `datetime-local` control (to the second). */
export function inputFromUtc(iso: string | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)/.exec(iso);
  return match ? match[1] : '';
}

/** The same instant in the program's time zone, to help read a UTC time ("In Asia/Ho_Chi_Minh: …"). */
export function InZone({ iso, timeZone }: { iso: string | undefined; timeZone: string }) {
  const { t, i18n } = useTranslation('audit');
  if (!iso) return null;
  const local = new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(new Date(iso));
  return <>{t('inZone', { zone: timeZone, time: local })}</>;
}

/** The actor of an event's metadata (`{ role, id }`): the role in the person's language, then the id (the token's `sub`). */
export function ActorText({ actor }: { actor: unknown }) {
  const { t, i18n } = useTranslation();
  if (!actor || typeof actor !== 'object') return <>—</>;
  const { role, id, account } = actor as { role?: unknown; id?: unknown; account?: unknown };
  const roleText = typeof role === 'string' && i18n.exists(`common:roles.${role}`) ? t(`roles.${role}`) : String(role ?? '');
  return (
    <span className="actor">
      <span className="actor-role">{roleText}</span> <code>{String(id ?? '')}</code>
      {typeof account === 'string' && account !== id && <> (<code>{account}</code>)</>}
    </span>
  );
}

function value(key: string, item: unknown, label: (key: string) => ReactNode): ReactNode {
  if (item === null || item === undefined) return <span className="muted">—</span>;
  if (typeof item === 'string' && ISO.test(item)) return <UtcTime iso={item} />;
  if (typeof item === 'string') return key.toLowerCase().includes('hash') ? <code className="hash">{item}</code> : <code>{item}</code>;
  if (typeof item === 'number' || typeof item === 'boolean') return <code>{String(item)}</code>;
  if (Array.isArray(item)) return <pre className="json">{JSON.stringify(item, null, 2)}</pre>;
  return <Definitions record={item as Record<string, unknown>} label={label} nested />;
}

/**
 * The order metadata is read in: who, with which command, when, why (correlation, causation), then
 * the event's identity and chain. The store keeps no order of its own (JSON objects); keys not
 * named here follow, in the order they arrive.
 */
const ORDER = ['actor', 'role', 'id', 'account', 'command', 'occurredAt', 'correlationId', 'causationId', 'idempotencyKey', 'eventId', 'schemaVersion', 'previousHash', 'hash'];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/** Every key of a record as a definition list, nested records as nested lists; `label` names a key. */
function Definitions({ record, label, nested }: { record: Record<string, unknown>; label: (key: string) => ReactNode; nested?: boolean }) {
  const entries = Object.entries(record).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className={nested ? 'facts nested' : 'facts'}>
      {entries.map(([key, item]) => (
        <Fragment key={key}>
          <dt data-key={key}>{label(key)}</dt>
          <dd>{value(key, item, label)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/**
 * Every field of an event's metadata, whatever it holds (actor, command, correlation and causation
 * ids, idempotency key, chain hashes, schema version, and any field a later version adds): known
 * fields by their name in the person's language with the stored key beside it, others by their key.
 */
export function MetadataList({ metadata }: { metadata: Record<string, unknown> }) {
  const { t, i18n } = useTranslation('audit');
  const label = (key: string) =>
    i18n.exists(`audit:metadata.${key}`) ? <>{t(`metadata.${key}`)} <code className="key">{key}</code></> : <code className="key">{key}</code>;
  return <Definitions record={metadata} label={label} />;
}

/** An event's data as indented JSON, exactly as stored (after upcasting to the current schema). */
export function JsonBlock({ value: data, label }: { value: unknown; label: string }) {
  // Focusable so that a long block can be scrolled with the keyboard.
  return <pre className="json" tabIndex={0} aria-label={label}>{JSON.stringify(data, null, 2)}</pre>;
}

/** The result of an integrity walk: verified, or the first broken link with its reason; and what was walked. */
export function IntegrityStatus({ report }: { report: IntegrityReport }) {
  const { t } = useTranslation('audit');
  const broken = report.firstBroken;
  return (
    <div className={report.verified ? 'integrity integrity-ok' : 'integrity integrity-broken'} role="status" data-testid="integrity" data-verified={String(report.verified)}>
      <p className="integrity-verdict">
        {report.verified || !broken ? t('integrity.verified') : t('integrity.broken', { revision: broken.revision, streamId: broken.streamId })}
      </p>
      <dl className="facts">
        {broken && (
          <>
            <dt>{t('integrity.reason')}</dt>
            <dd data-testid="integrity-reason">{broken.reason}</dd>
            <dt>{t('integrity.position')}</dt>
            <dd>{broken.position ?? t('integrity.truncated')}</dd>
          </>
        )}
        <dt>{t('integrity.events')}</dt>
        <dd>{report.events}</dd>
        {report.streamId === null && (
          <>
            <dt>{t('integrity.streams')}</dt>
            <dd>{report.streams}</dd>
          </>
        )}
        <dt>{t('integrity.unchained')}</dt>
        <dd>{report.unchained}</dd>
      </dl>
    </div>
  );
}
