import {
  AppendConsistencyViolationError,
  AppendRecordsResult,
  AppendStreamState,
  convertToCommandError,
  CurrentStreamState,
  jsonEvent,
  KurrentDBClient,
  MultiAppendResult,
  STREAM_STATE,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '../errors';
import { EventData, ExpectedRevision, JsonObject, StreamAppend } from '../types';

/*
 * What this file relies on, read in @kurrent/kurrentdb-client 1.3.1 (dist/streams/appendToStream/*.js,
 * dist/utils/CommandError.js, dist/types/index.d.ts):
 * - `multiStreamAppend(requests)` first asks the server's feature list for the v2 `AppendSession`
 *   method and throws `UnsupportedError("multiStreamAppend", "25.1")` when it is absent, before
 *   anything is sent; otherwise it streams one `AppendRequest` per entry (expected revision -1 no
 *   stream, -2 any, -4 exists, or the revision) and answers `{ position, responses: [{ streamName,
 *   revision }] }`. A conflict comes back as `WrongExpectedVersionError` (FAILED_PRECONDITION with
 *   `StreamRevisionConflictErrorDetails`: `streamName`, `expectedState`, `actualState`, the last
 *   being `'no_stream'` or a bigint).
 * - `appendRecords(records, checks)` does the same for `AppendRecords` (`UnsupportedError
 *   ("appendRecords", "26.1")`): records name their stream, and `checks` are stream-state checks
 *   "decoupled from writes: a check can reference any stream, whether or not the request writes to
 *   it". A failed check comes back as `AppendConsistencyViolationError` whose `violations` carry
 *   `checkIndex`, `streamName`, `expectedState` and `actualState` (-5n deleted, -6n tombstoned).
 * - Both refuse metadata that is not a flat object of string values (the server stores it as
 *   record properties), hence {@link metadataProperties}.
 * The server (KurrentDB's `AppendRequestValidator`, `AppendRecordsRequestValidator`) refuses an
 * append request with no records ("must contain at least one record"): a condition entry cannot be
 * sent as an empty append to `multiStreamAppend`, only as a check to `appendRecords`.
 */

/**
 * How the connected server takes a multi-stream append, decided once per client:
 * - `'append-records'` (KurrentDB 26.1+): one atomic `appendRecords` call, condition entries as
 *   stream-state checks of that call; all-or-none and no write skew;
 * - `'multi-stream-append'` (KurrentDB 25.1+): writing entries in one atomic `multiStreamAppend`;
 *   condition entries checked by reading just before it (a writer of a condition stream can slip
 *   in between the read and the append);
 * - `'sequential'` (EventStoreDB before KurrentDB 25.1): conditions read, then one append per
 *   writing entry; neither all-or-none nor free of write skew.
 */
export type MultiAppendMode = 'append-records' | 'multi-stream-append' | 'sequential';

/** The parts of the client the atomic path uses; their shapes are the client's d.ts. */
export type MultiAppendClient = Pick<KurrentDBClient, 'appendRecords' | 'multiStreamAppend'>;

/**
 * The single property that carries an event's metadata through the v2 append: the port's metadata
 * is any JSON object, the v2 protocol takes string values only, so it travels as its JSON text.
 * User property names must not start with `$` (the protocol's rule).
 */
export const METADATA_PROPERTY = 'pp-metadata';

/** The client's stream state for a port expected revision (the client uses the same words). */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  return expected;
}

/** The port's actual revision for a state the server reports: -1n for no stream, deleted or tombstoned. */
export function toActualRevision(state: CurrentStreamState): bigint {
  return state === 'no_stream' || state < 0n ? -1n : state;
}

/** The properties that carry `metadata` through a v2 append (see {@link METADATA_PROPERTY}). */
export function metadataProperties(metadata: JsonObject): Record<string, string> {
  return { [METADATA_PROPERTY]: JSON.stringify(metadata) };
}

/**
 * An event's metadata as the port stores it, from what the client read: a JSON object, either
 * written by a v1 append (the object itself) or by a v2 append (the object under
 * {@link METADATA_PROPERTY}, beside whatever properties the server adds).
 * @throws Error when the metadata is neither, rather than hand a projection or the audit chain a wrong one.
 */
export function storedMetadata(raw: unknown, eventId: string): JsonObject {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array)) {
    const carried = (raw as Record<string, unknown>)[METADATA_PROPERTY];
    return typeof carried === 'string' ? (JSON.parse(carried) as JsonObject) : (raw as JsonObject);
  }
  throw new Error(`event ${eventId}: its metadata is not a JSON object the adapter reads`);
}

const toRecord = (e: EventData) => jsonEvent({ id: e.eventId, type: e.type, data: e.data, metadata: metadataProperties(e.metadata) });

/**
 * The port's conflict for a failed atomic append: the client's `WrongExpectedVersionError` (it names
 * the stream) or `AppendConsistencyViolationError` (its first violation by check index, checks
 * being sent in the entries' order), with the expected revision as the entry gave it. Undefined for
 * any other error.
 */
export function conflictOf(error: unknown, appends: readonly StreamAppend[]): WrongExpectedRevisionError | undefined {
  const entry = (stream: string) => appends.find((a) => a.streamId === stream);
  if (error instanceof WrongExpectedVersionError) {
    const a = entry(error.streamName);
    return new WrongExpectedRevisionError(error.streamName, a ? a.expectedRevision : error.expectedState, toActualRevision(error.actualState));
  }
  if (error instanceof AppendConsistencyViolationError && error.violations.length > 0) {
    const first = [...error.violations].sort((x, y) => x.checkIndex - y.checkIndex)[0];
    const a = appends[first.checkIndex]?.streamId === first.streamName ? appends[first.checkIndex] : entry(first.streamName);
    return new WrongExpectedRevisionError(first.streamName, a ? a.expectedRevision : first.expectedState, toActualRevision(first.actualState));
  }
  return undefined;
}

/** The mode to use after the server refused `mode`'s method at a call (a node of an older version, after a failover). */
export function modeBelow(mode: Exclude<MultiAppendMode, 'sequential'>): MultiAppendMode {
  return mode === 'append-records' ? 'multi-stream-append' : 'sequential';
}

/** Whether `error` is the client's refusal of a feature the server lacks (thrown before anything is sent). */
export function isUnsupported(error: unknown): error is UnsupportedError {
  return error instanceof UnsupportedError;
}

/** Client error types after which the probe decides nothing and asks again on the next call: the server not reachable now (libs/platform's `storeFailure` makes those 503), or the call cancelled or timed out. */
const UNREACHABLE = new Set(['unavailable', 'deadline-exceeded', 'not-leader', 'cancelled', 'timeout']);

/**
 * Asks the client which multi-stream append the server has, without writing: each probe is a
 * request the client checks against the server's feature list first (`UnsupportedError` when the
 * server lacks it) and the server then refuses for having no records. Any other answer than
 * `UnsupportedError` means the method is there, except an unreachable server, which is thrown so
 * that the decision is taken on a later call.
 * @throws the client's error when the server cannot be reached.
 */
export async function detectMultiAppendMode(client: MultiAppendClient): Promise<MultiAppendMode> {
  if (await has(() => client.appendRecords([], []))) return 'append-records';
  if (await has(() => client.multiStreamAppend([{ streamName: 'pp-multi-append-probe', events: [], expectedState: 'any' }]))) return 'multi-stream-append';
  return 'sequential';
}

async function has(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    if (isUnsupported(error)) return false;
    // The feature list's own request fails with the bare gRPC error (code 14 for a refused
    // connection, seen against a closed port): converted, it is the client's UnavailableError.
    const converted = error instanceof Error ? convertToCommandError(error) : error;
    const type = (converted as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && UNREACHABLE.has(type)) throw converted;
    return true;
  }
}

/**
 * One atomic call for `appends` in `mode` (`'append-records'` or `'multi-stream-append'`): in the
 * first, every entry is a stream-state check and the writing entries' events are the records, in
 * the entries' order; in the second, only the writing entries are sent (their condition entries
 * must have been checked by the caller). Answers the new last revision of each written stream.
 * @throws WrongExpectedRevisionError naming the entry's stream when an expected revision does not hold.
 * @throws UnsupportedError when the server lacks the method (nothing was sent); other client errors as they are.
 */
export async function appendAtomically(client: MultiAppendClient, appends: readonly StreamAppend[], mode: Exclude<MultiAppendMode, 'sequential'>): Promise<Map<string, bigint>> {
  const writing = appends.filter((a) => a.events.length > 0);
  let result: MultiAppendResult | AppendRecordsResult;
  try {
    result =
      mode === 'append-records'
        ? await client.appendRecords(
            writing.flatMap((a) => a.events.map((e) => ({ streamName: a.streamId, record: toRecord(e) }))),
            appends.map((a) => ({ type: STREAM_STATE, streamName: a.streamId, expectedState: toStreamState(a.expectedRevision) })),
          )
        : await client.multiStreamAppend(writing.map((a) => ({ streamName: a.streamId, events: a.events.map(toRecord), expectedState: toStreamState(a.expectedRevision) })));
  } catch (error) {
    throw conflictOf(error, appends) ?? error;
  }
  const revisions = new Map<string, bigint>();
  for (const r of result.responses) revisions.set(r.streamName, r.revision);
  for (const a of writing) if (!revisions.has(a.streamId)) throw new Error(`multi-stream append: the server answered no revision for stream ${a.streamId}`);
  return revisions;
}
