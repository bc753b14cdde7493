import { PageTitle } from '../../components/ui';

/** Placeholder until the screen lands (issue 14). */
export function ReviewPartners() {
  return <PageTitle>ReviewPartners</PageTitle>;
}

/** Placeholder until the screen lands (issue 14). */
export function ReviewPartner() {
  return <PageTitle>ReviewPartner</PageTitle>;
}

