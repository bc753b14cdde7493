import type en from '../en/audit';
import type { Texts } from '../texts';

const audit: Texts<typeof en> = {
  title: 'audit',
};

export default audit;
