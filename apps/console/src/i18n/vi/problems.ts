import type en from '../en/problems';
import type { Texts } from '../texts';

const problems: Texts<typeof en> = {
  VALIDATION_FAILED: '',
  UNAUTHORIZED: '',
  FORBIDDEN: '',
  NOT_FOUND: '',
  NETWORK_ERROR: '',
  INTERNAL_ERROR: '',
  UNEXPECTED_ANSWER: '',
};

export default problems;
