import { PageTitle } from '../../components/ui';

/** Placeholder until the screen lands (issue 14). */
export function AddCustomers() {
  return <PageTitle>AddCustomers</PageTitle>;
}

