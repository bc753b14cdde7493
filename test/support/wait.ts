/** Waits with load-scaled deadlines (issue 19): see libs/platform/src/testing/wait.ts. */
export { eventually, loadFactor, until, type Awaited } from '@pp/platform/testing/wait';
