import type en from '../en/customer';
import type { Texts } from '../texts';

const customer: Texts<typeof en> = {
  title: 'customer',
};

export default customer;
