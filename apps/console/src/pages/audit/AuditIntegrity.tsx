import { PageTitle } from '../../components/ui';

/** Placeholder until the screen lands (issue 14). */
export function AuditIntegrity() {
  return <PageTitle>AuditIntegrity</PageTitle>;
}

