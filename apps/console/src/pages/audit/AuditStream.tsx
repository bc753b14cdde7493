import { PageTitle } from '../../components/ui';

/** Placeholder until the screen lands (issue 14). */
export function AuditStreams() {
  return <PageTitle>AuditStreams</PageTitle>;
}

/** Placeholder until the screen lands (issue 14). */
export function AuditStream() {
  return <PageTitle>AuditStream</PageTitle>;
}

