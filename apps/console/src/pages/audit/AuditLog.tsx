import { PageTitle } from '../../components/ui';

/** Placeholder until the screen lands (issue 14). */
export function AuditLog() {
  return <PageTitle>AuditLog</PageTitle>;
}

