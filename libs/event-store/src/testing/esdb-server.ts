import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { detectMultiAppendMode, MultiAppendMode } from '../esdb/esdb-multi-append';
import type { MultiStreamCapabilities } from './event-store.contract';

/** The variable through which the jest global setup tells the EventStoreDB contract the server's {@link MultiAppendMode}. */
export const MULTI_APPEND_MODE_VARIABLE = 'EVENTSTORE_MULTI_APPEND_MODE';

const MODES: readonly MultiAppendMode[] = ['append-records', 'multi-stream-append', 'sequential'];

/** The mode named by `value` (the variable's text), undefined when it names none. */
export function parseMultiAppendMode(value: string | undefined): MultiAppendMode | undefined {
  return MODES.find((m) => m === value);
}

/**
 * Asks the server at `connectionString` which multi-stream append it has, writing nothing (see
 * `detectMultiAppendMode`), with a client of its own that it disposes of.
 * @throws the client's error when the server cannot be reached.
 */
export async function askMultiAppendMode(connectionString: string): Promise<MultiAppendMode> {
  const client = KurrentDBClient.connectionString(connectionString);
  try {
    return await detectMultiAppendMode(client);
  } finally {
    await client.dispose();
  }
}

/** What the contract may expect of the EventStoreDB adapter's multi-stream append in `mode` (undefined: not known, so nothing). */
export function capabilitiesOf(mode: MultiAppendMode | undefined): MultiStreamCapabilities {
  switch (mode) {
    case 'append-records':
      return { atomicMultiStreamAppend: true, atomicConditions: true };
    case 'multi-stream-append':
      return { atomicMultiStreamAppend: true, atomicConditions: false, reason: 'KurrentDB 25.1 takes no append of no records: condition entries are checked by a read just before the atomic append' };
    case 'sequential':
      return { atomicMultiStreamAppend: false, reason: 'the server has no multi-stream append (EventStoreDB before KurrentDB 25.1): entries are appended one after another' };
    default:
      return { atomicMultiStreamAppend: false, reason: `${MULTI_APPEND_MODE_VARIABLE} is not set (the jest global setup did not ask the server), so no atomicity is assumed` };
  }
}
