import type en from '../en/partner';
import type { Texts } from '../texts';

const partner: Texts<typeof en> = {
  title: 'partner',
};

export default partner;
