/**
 * Every problem `code` of the api as a sentence for the person who caused it (English, the reference).
 * Keys are the codes of the api's registry; `test/console/messages.spec.ts` checks that each
 * language has exactly these keys.
 */
const problems = {
  VALIDATION_FAILED: 'Some fields are missing or not valid.',
  UNAUTHORIZED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'It was not found.',
  NETWORK_ERROR: 'The service cannot be reached. Check your connection and try again.',
  INTERNAL_ERROR: 'Something went wrong on our side. Please try again later.',
  UNEXPECTED_ANSWER: 'The service gave an answer the console does not understand.',
} as const;

export default problems;
