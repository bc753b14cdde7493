import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A labelled form field: the label is bound to the control (`htmlFor`), the hint and the error are
 * read with it (`aria-describedby`), so every field is usable with a screen reader and the keyboard.
 * `children` gets the id and the describedby to put on its control.
 */
export function Field({ label, hint, error, required, filter, children }: {
  label: ReactNode;
  /** A filter of a list, not a field of a form: no "optional" mark. */
  filter?: boolean;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; required?: boolean }) => ReactNode;
}) {
  const id = useId();
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span className="required" aria-hidden="true"> *</span> : filter ? null : <span className="muted"> ({t('optional')})</span>}
      </label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined, required })}
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </div>
  );
}

/** A state as a coloured badge with its name in the person's language. */
export function StateBadge({ kind, state }: { kind: 'partner' | 'customer'; state: string }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${state}`} data-state={state}>{t(kind === 'partner' ? `partnerStates.${state}` : `customerStates.${state}`)}</span>;
}

/** Cursor paging as the api gives it: `nextCursor` (opaque) or none on the last page. */
export function Pager({ nextCursor, cursor, onCursor }: { nextCursor?: string | null; cursor?: string; onCursor: (cursor: string | undefined) => void }) {
  const { t } = useTranslation();
  if (!nextCursor && !cursor) return null;
  return (
    <nav className="pager" aria-label={t('paging.label')}>
      <button type="button" className="secondary" disabled={!cursor} onClick={() => onCursor(undefined)}>{t('paging.previous')}</button>
      <button type="button" className="secondary" disabled={!nextCursor} onClick={() => onCursor(nextCursor ?? undefined)}>{t('paging.next')}</button>
    </nav>
  );
}

/** A page's heading and optional actions beside it. */
export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}

/** Loading and empty states as a person reads them. */
export function Loading() {
  const { t } = useTranslation();
  return <p className="muted" aria-busy="true">{t('loading')}</p>;
}
