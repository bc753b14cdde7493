import { PageTitle } from '../../components/ui';

/** Placeholder until the screen lands (issue 14). */
export function PartnerProfile() {
  return <PageTitle>PartnerProfile</PageTitle>;
}

