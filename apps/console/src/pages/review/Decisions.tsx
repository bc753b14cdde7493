import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field } from '../../components/ui';

/** What a form needs of a `useCommand` mutation. */
export interface Sending {
  isPending: boolean;
  error: Error | null;
}

/**
 * A decision that needs a reason the partner or customer is told (reject, suspend, reinstate,
 * terminate): a labelled, required text; an empty one is refused on the page before anything is
 * sent. With `confirm`, the first press asks again (termination is final) and only "yes" sends.
 * The command's refusal shows under the form as a sentence ({@link ProblemMessage}).
 */
export function ReasonForm({ legend, label, hint, submit, danger, confirm, confirmYes, sending, onSend, testId }: {
  legend: ReactNode;
  label: string;
  hint?: ReactNode;
  submit: string;
  danger?: boolean;
  confirm?: string;
  confirmYes?: string;
  sending: Sending;
  onSend: (reason: string) => void;
  testId?: string;
}) {
  const { t } = useTranslation('review');
  const { t: common } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    if (confirm && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    onSend(reason.trim());
  };
  return (
    <form noValidate onSubmit={onSubmit} data-testid={testId}>
      <fieldset>
        <legend>{legend}</legend>
        <Field label={label} hint={hint} error={missing ? t('decision.reasonRequired') : undefined} required>
          {(control) => <textarea {...control} maxLength={2000} value={reason} onChange={(event) => { setReason(event.target.value); setConfirming(false); if (event.target.value.trim()) setMissing(false); }} />}
        </Field>
        <ProblemMessage error={sending.error} />
        {confirming ? (
          <div className="confirm" role="alert">
            <p>{confirm}</p>
            <div className="actions">
              <button type="submit" className="danger" disabled={sending.isPending}>{confirmYes ?? common('actions.confirm')}</button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>{common('actions.cancel')}</button>
            </div>
          </div>
        ) : (
          <button type="submit" className={danger ? 'danger' : undefined} disabled={sending.isPending}>{submit}</button>
        )}
      </fieldset>
    </form>
  );
}

/** A decision without a reason (approve): a short explanation and the button; a refusal shows under it. */
export function ApproveForm({ legend, intro, submit, sending, onSend, testId }: { legend: ReactNode; intro: ReactNode; submit: string; sending: Sending; onSend: () => void; testId?: string }) {
  return (
    <form onSubmit={(event) => { event.preventDefault(); onSend(); }} data-testid={testId}>
      <fieldset>
        <legend>{legend}</legend>
        <p>{intro}</p>
        <ProblemMessage error={sending.error} />
        <button type="submit" disabled={sending.isPending}>{submit}</button>
      </fieldset>
    </form>
  );
}

/**
 * The answer of a decision as a sentence, announced to screen readers and focused, so that a
 * keyboard user whose form just went away (an approved application has no Approve button) goes on
 * from the news rather than from the top of the page.
 */
export function Notice({ children }: { children?: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (children) ref.current?.focus();
  }, [children]);
  if (!children) return null;
  return <p ref={ref} tabIndex={-1} className="notice" role="status" data-testid="decision-notice">{children}</p>;
}
