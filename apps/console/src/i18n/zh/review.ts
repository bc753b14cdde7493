import type en from '../en/review';
import type { Texts } from '../texts';

const review: Texts<typeof en> = {
  title: 'review',
};

export default review;
