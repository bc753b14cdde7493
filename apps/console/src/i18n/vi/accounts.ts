import type en from '../en/accounts';
import type { Texts } from '../texts';

const accounts: Texts<typeof en> = {
  title: 'accounts',
};

export default accounts;
