import { Inject, Injectable, Optional } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventData, EVENT_STORE, EventStore, hasMultiStreamReads, RecordedEvent, StreamAppend, WrongExpectedRevisionError } from '@pp/event-store';
import { Decider, DomainEvent } from '../domain/decider';
import { conflict } from '../domain/domain-error';
import { CommandContext, EventMetadata } from './command-context';
import { eventIds } from './event-ids';
import { eventHash } from './integrity';
import { SCHEMA_VERSIONS, upcastAll } from './schema-registry';
import { StreamReads } from './stream-reads';
import { Metrics, streamCategory } from '../metrics';

/** A stream folded into its decider's state. */
export interface LoadedStream<State> {
  readonly state: State;
  /** Last revision, -1n when the stream does not exist. */
  readonly revision: bigint;
  /** Global position of the stream's last event, 0n when none. */
  readonly position: bigint;
}

/** What a command did: the events it appended (empty when it changed nothing) and the resulting stream. */
export interface CommandResult<State, Event extends DomainEvent> extends LoadedStream<State> {
  readonly events: Event[];
}

/**
 * How long a command keeps deciding again after expected-revision conflicts before it answers
 * `CONCURRENCY_CONFLICT` (409), ms. A time, not a count: a request the rules allow must not fail
 * because others arrived at once (issue 12), and within one process commands on one stream wait
 * their turn rather than collide, so conflicts come only from other processes or from the facts'
 * streams, and resolve within a few attempts.
 */
export const CONFLICT_RETRY_DEADLINE_MS = 10_000;

/** Options of the {@link CommandPipeline}, by DI token {@link COMMAND_PIPELINE_OPTIONS}. */
export interface CommandPipelineOptions {
  /** See {@link CONFLICT_RETRY_DEADLINE_MS}. */
  readonly conflictRetryDeadlineMs?: number;
}

/** DI token of {@link CommandPipelineOptions}. */
export const COMMAND_PIPELINE_OPTIONS = Symbol('CommandPipelineOptions');

/** The streams whose turn the current async context holds (see `CommandPipeline.inTurn`). */
const heldTurns = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Streams read by the current command, by id (upcast events in revision order): see
 * {@link withCommandReads}. A stream is read from the store at most once per attempt.
 */
class CommandReads {
  readonly streams = new Map<string, Promise<RecordedEvent[]>>();
}

const commandReads = new AsyncLocalStorage<CommandReads>();

/**
 * Runs `work` (one command, e.g. one HTTP request's handler) with a read cache: every stream the
 * command path reads through the {@link CommandPipeline} (`load`, `preload`, the attempt's own
 * stream) is read from the store once and served from memory after, so a handler that checks the
 * partner before its command and the command's facts that check it again cost one read (issue 16:
 * AddCustomer read the partner, the account and the customer twice each). Reusing a read is as safe
 * as {@link CommandPipeline.preload}: streams read as facts are conditions of the append, and a
 * conflict empties the cache, so the next attempt reads everything afresh; a stream the command
 * appended to is dropped from it. Nested calls share the outer cache. Without it, each attempt of
 * `execute` has a cache of its own.
 */
export function withCommandReads<T>(work: () => T): T {
  return commandReads.getStore() ? work() : commandReads.run(new CommandReads(), work);
}

/** Events a decision writes to another stream in the same atomic append (a reservation, a claim). */
export interface LinkedWrite {
  /** A stream the decider context read through its {@link StreamReads}: its revision is what the append expects. */
  readonly streamId: string;
  readonly events: readonly DomainEvent[];
}

/** How one command runs through a {@link CommandPipeline.for} binding. */
export interface BoundRun<State, Event extends DomainEvent, Ctx> {
  readonly context: CommandContext;
  /** Recorded as `metadata.command`; the command's `type` when absent (one name from route to metadata). */
  readonly commandName?: string;
  /** Facts from other streams, read for every attempt; those read through `reads` are conditions of the append. */
  readonly facts?: (state: State, reads: StreamReads) => Promise<Partial<Ctx>>;
  /** Events for other streams in the same atomic append, see {@link LinkedWrite}. */
  readonly linkedWrites?: (events: Event[], state: State, ctx: Ctx) => readonly LinkedWrite[];
  /** The stream as {@link CommandPipeline.preload} read it earlier, for the first attempt. */
  readonly preloaded?: ReadStream<State>;
  /** Streams the facts will read, read with the command's own in one round trip on every attempt (see {@link CommandPipeline.prefetch}). */
  readonly prefetch?: readonly string[];
}

/** A command handler's one call: run `command` on the stream of `id`. */
export type BoundCommand<Command, State, Event extends DomainEvent, Ctx> = (id: string, command: Command, run: BoundRun<State, Event, Ctx>) => Promise<CommandResult<State, Event>>;

/**
 * A stream read and folded, with its events: what {@link CommandPipeline.preload} hands back for a
 * later `execute` on the same stream to start from instead of reading it again.
 */
export interface ReadStream<State> extends LoadedStream<State> {
  readonly streamId: string;
  readonly events: RecordedEvent[];
}

/**
 * The one command pipeline every handler uses: read the stream, fold it with `evolve`, `decide`
 * (pure), append the new events with the expected revision the state was read at, and with the
 * revision of every stream the decision read facts from ({@link StreamReads}) as a condition of the
 * same atomic append. On a concurrent change the whole sequence runs again, with backoff, until
 * {@link CONFLICT_RETRY_DEADLINE_MS}, then it fails with `CONCURRENCY_CONFLICT` (409). Commands on one
 * stream run one at a time in this process. A command appends all its events or none.
 *
 * Every event gets the metadata of ARCHITECTURE.md "Events", including the integrity chain
 * (`previousHash`, `hash`, see {@link eventHash}).
 */
@Injectable()
export class CommandPipeline {
  private readonly turns = new Map<string, Promise<void>>();
  private readonly deadlineMs: number;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly metrics?: Metrics,
    @Optional() @Inject(COMMAND_PIPELINE_OPTIONS) options?: CommandPipelineOptions,
  ) {
    this.deadlineMs = options?.conflictRetryDeadlineMs ?? CONFLICT_RETRY_DEADLINE_MS;
  }

  /**
   * The pipeline bound to one aggregate: its decider, how an id names its stream, and the part of
   * the decider context that does not change between commands (the program's policy). Every
   * decider gets `now` the same way, from the command context; facts from other streams come from
   * the run's `facts`, read again on every attempt (see {@link execute}). A handler is then one
   * call: `const handle = pipeline.for(customerDecider, customerStream, policy)`, then
   * `handle(accountId, command, { context, facts })`.
   */
  for<Command extends { readonly type: string }, State, Event extends DomainEvent, Ctx extends { readonly now: Date }>(
    decider: Decider<Command, State, Event, Ctx>,
    streamOf: (id: string) => string,
    policy: Partial<Omit<Ctx, 'now'>> = {},
  ): BoundCommand<Command, State, Event, Ctx> {
    return (id, command, run) =>
      this.execute({
        streamId: streamOf(id),
        decider,
        command,
        commandName: run.commandName ?? command.type,
        context: run.context,
        deciderContext: async (state: State, reads: StreamReads) => ({ ...policy, ...(run.facts ? await run.facts(state, reads) : {}), now: run.context.now }) as Ctx,
        linkedWrites: run.linkedWrites,
        preloaded: run.preloaded,
        prefetch: run.prefetch,
      });
  }

  /**
   * Reads and folds a stream, upcasting old event versions on the way. With `reads`, the stream
   * becomes a condition of the append of the decision being made (see {@link StreamReads}).
   */
  async load<State, Event extends DomainEvent>(streamId: string, decider: Pick<Decider<unknown, State, Event, unknown>, 'initialState' | 'evolve'>, reads?: StreamReads): Promise<LoadedStream<State>> {
    const { events, streamId: _streamId, ...loaded } = await this.read(streamId, decider);
    reads?.record(streamId, events);
    return loaded;
  }

  /**
   * {@link load}, keeping the events, for a handler that reads a stream, does something else, then
   * runs a command on it: `execute({ preloaded })` then starts from this read. Safe however stale it
   * has become: the append expects its revision, and a conflict reads the stream afresh.
   */
  async preload<State, Event extends DomainEvent>(streamId: string, decider: Pick<Decider<unknown, State, Event, unknown>, 'initialState' | 'evolve'>): Promise<ReadStream<State>> {
    return this.read(streamId, decider);
  }

  /**
   * Reads `streamIds` into the current command's read cache ({@link withCommandReads}) in one round
   * trip, where the store reads several streams at once: a handler that knows which streams it will
   * read (the partner and the invitee's e-mail, an account and its e-mail's reservation) then pays
   * one statement for them instead of one each (issue 16). Those already cached are not read again.
   * Outside a command's cache, or for fewer than two streams, it reads nothing: the reads then
   * happen one by one, as without it. What is read is used exactly as a read made later would be:
   * a stream read as a fact is still a condition of the append, whose expected revision is that of
   * this read, and a conflict empties the cache.
   * @throws the store's error when the read fails (nothing is kept of it).
   */
  async prefetch(streamIds: readonly string[]): Promise<void> {
    const cache = commandReads.getStore()?.streams;
    if (!cache || !hasMultiStreamReads(this.store)) return;
    const missing = [...new Set(streamIds)].filter((id) => !cache.has(id));
    if (missing.length < 2) return;
    const all = this.store.readStreams(missing);
    for (const id of missing) {
      const read = all.then((streams) => upcastAll(streams.get(id) ?? []));
      cache.set(id, read);
      read.catch(() => cache.get(id) === read && cache.delete(id));
    }
    await all;
  }

  /**
   * Runs a command against one stream.
   *
   * A command retried with the same idempotency key after its events were written (its first
   * answer was lost) is recognised by its derived event ids and answered from them, without
   * deciding again, so the retry gets the first outcome rather than a refusal by the new state.
   * @param commandName recorded as `metadata.command`, e.g. `RegisterPartner`.
   * @param deciderContext the decider's context, or a function building it from the state just read, for facts from other streams: read again on every attempt, and those read through the given {@link StreamReads} are conditions of the append.
   * @param linkedWrites events for other streams (each read through the attempt's `reads`) appended atomically with the command's own.
   * @throws DomainError from `decide`; `CONCURRENCY_CONFLICT` after {@link CONFLICT_RETRY_DEADLINE_MS}.
   */
  async execute<Command, State, Event extends DomainEvent, Ctx>(args: {
    streamId: string;
    decider: Decider<Command, State, Event, Ctx>;
    command: Command;
    commandName: string;
    context: CommandContext;
    deciderContext: Ctx | ((state: State, reads: StreamReads) => Promise<Ctx>);
    linkedWrites?: (events: Event[], state: State, ctx: Ctx) => readonly LinkedWrite[];
    /** The stream as {@link preload} read it earlier, for the first attempt. */
    preloaded?: ReadStream<State>;
    /** Streams the decider context will read: read with the command's own stream in one round trip, on every attempt ({@link prefetch}). */
    prefetch?: readonly string[];
  }): Promise<CommandResult<State, Event>> {
    if (args.preloaded && args.preloaded.streamId !== args.streamId) throw new Error(`preloaded ${args.preloaded.streamId} is not ${args.streamId}`);
    return this.inTurn(args.streamId, () => withCommandReads(async () => {
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        // A conflict means something read has moved: the attempt after it reads every stream afresh.
        if (attempt > 0) commandReads.getStore()?.streams.clear();
        if (args.prefetch) await this.prefetch(attempt === 0 && args.preloaded ? args.prefetch : [args.streamId, ...args.prefetch]);
        const loaded = attempt === 0 && args.preloaded ? args.preloaded : await this.read(args.streamId, args.decider);
        const replayed = this.replayOf(args.streamId, loaded.events, args.context.idempotencyKey);
        if (replayed) return { state: loaded.state, revision: replayed.revision, position: replayed.position, events: [] };
        const reads = new StreamReads();
        const ctx = typeof args.deciderContext === 'function' ? await (args.deciderContext as (state: State, reads: StreamReads) => Promise<Ctx>)(loaded.state, reads) : args.deciderContext;
        const events = args.decider.decide(args.command, loaded.state, ctx);
        if (events.length === 0) return { state: loaded.state, revision: loaded.revision, position: loaded.position, events };
        try {
          const linked = args.linkedWrites?.(events, loaded.state, ctx) ?? [];
          const result = await this.append(args.streamId, events, loaded, reads, linked, args.commandName, args.context);
          const cache = commandReads.getStore()?.streams;
          cache?.delete(args.streamId);
          for (const w of linked) cache?.delete(w.streamId);
          const state = events.reduce((s, e) => args.decider.evolve(s, e), loaded.state);
          return { state, revision: result.nextExpectedRevision, position: result.position, events };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          this.metrics?.appendConflicts.inc({ category: streamCategory(error.streamId) });
          if (Date.now() - started >= this.deadlineMs) {
            throw conflict('CONCURRENCY_CONFLICT', `${args.streamId} kept changing while ${args.commandName} was decided; try again`);
          }
          // Writers that collided would collide again if they retried in lockstep: spread them out.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
        }
      }
    }));
  }

  /**
   * Runs `work` once every earlier command on `streamId` in this process has finished. A command
   * that ran another on its own stream from inside would wait for itself: that is refused.
   */
  private async inTurn<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const held = heldTurns.getStore();
    if (held?.has(streamId)) throw new Error(`a command on ${streamId} ran another command on ${streamId} from inside: it would wait for itself`);
    const before = this.turns.get(streamId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.turns.set(streamId, tail);
    await before;
    try {
      return await heldTurns.run(new Set([...(held ?? []), streamId]), work);
    } finally {
      done();
      if (this.turns.get(streamId) === tail) this.turns.delete(streamId);
    }
  }
  private async read<State, Event extends DomainEvent>(streamId: string, decider: Pick<Decider<unknown, State, Event, unknown>, 'initialState' | 'evolve'>): Promise<ReadStream<State>> {
    const events = await this.readEvents(streamId);
    let state = decider.initialState;
    for (const e of events) state = decider.evolve(state, { type: e.type, data: e.data } as Event);
    const last: RecordedEvent | undefined = events[events.length - 1];
    return { streamId, state, revision: last ? last.revision : -1n, position: last ? last.position : 0n, events };
  }

  /** A stream's upcast events: from the command's read cache ({@link withCommandReads}) when it holds them, else from the store. */
  private readEvents(streamId: string): Promise<RecordedEvent[]> {
    const cache = commandReads.getStore()?.streams;
    const cached = cache?.get(streamId);
    if (cached) return cached;
    const read = this.store.readStream(streamId).then((events) => upcastAll(events));
    if (cache) {
      cache.set(streamId, read);
      // A failed read is not kept: the next asks the store again.
      read.catch(() => cache.get(streamId) === read && cache.delete(streamId));
    }
    return read;
  }

  /** The last event a previous run of this keyed command wrote to the stream, if it did. */
  private replayOf(streamId: string, events: readonly RecordedEvent[], key: string | undefined): RecordedEvent | undefined {
    if (!key) return undefined;
    const first = eventIds(1, streamId, key)[0];
    const start = events.findIndex((e) => e.eventId === first);
    if (start < 0) return undefined;
    const ids = eventIds(events.length - start, streamId, key);
    let end = start;
    while (end + 1 < events.length && events[end + 1].eventId === ids[end + 1 - start]) end += 1;
    return events[end];
  }

  /**
   * Appends the decided events after the stream's last event, the linked writes after theirs, and
   * every other stream read as a condition, in one atomic append, with full metadata.
   */
  private async append(streamId: string, events: readonly DomainEvent[], loaded: ReadStream<unknown>, reads: StreamReads, linked: readonly LinkedWrite[], commandName: string, context: CommandContext) {
    const own = this.eventsFor(streamId, events, loaded.revision, loaded.events[loaded.events.length - 1], commandName, context);
    const expected = (revision: bigint) => (revision < 0n ? ('no_stream' as const) : revision);
    if (reads.entries().length === 0 && linked.length === 0) return this.store.appendToStream(streamId, own, { expectedRevision: expected(loaded.revision) });
    const written = new Map(linked.map((w) => [w.streamId, w.events]));
    const others: StreamAppend[] = reads
      .entries()
      .filter(([id]) => id !== streamId)
      .map(([id, read]) => ({ streamId: id, expectedRevision: expected(read.revision), events: this.eventsFor(id, written.get(id) ?? [], read.revision, read.last, commandName, context) }));
    for (const w of linked) if (!reads.get(w.streamId)) throw new Error(`${commandName} writes ${w.streamId} without having read it`);
    // The command's own stream last: where the store cannot append atomically (EventStoreDB before
    // KurrentDB 25.1), a linked write left behind by a crash then claims for a decision never made.
    const results = await this.store.appendToStreams([...others, { streamId, events: own, expectedRevision: expected(loaded.revision) }]);
    return results[results.length - 1];
  }

  /** Event data for `events` after `previous` (the stream's last event at `revision`, or none), with full metadata. */
  private eventsFor(streamId: string, events: readonly DomainEvent[], revision: bigint, previous: RecordedEvent | undefined, commandName: string, context: CommandContext): EventData[] {
    const ids = eventIds(events.length, streamId, context.idempotencyKey);
    // A command decided at `now` may be appended after a later one that won a conflict: a stream's
    // times never go backwards, so "the state as of a time" folds a prefix of the stream.
    const before = typeof previous?.metadata.occurredAt === 'string' ? previous.metadata.occurredAt : '';
    const occurredAt = context.now.toISOString() > before ? context.now.toISOString() : before;
    let previousHash = previous ? ((previous.metadata.hash as string | undefined) ?? null) : null;
    return events.map((e, i) => {
      const base: Omit<EventMetadata, 'hash'> = {
        eventId: ids[i],
        schemaVersion: SCHEMA_VERSIONS[e.type] ?? 1,
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor: { role: context.actor.role, id: context.actor.id },
        command: commandName,
        occurredAt,
        previousHash,
      };
      const metadata = { ...base, hash: eventHash({ streamId, revision: revision + 1n + BigInt(i), type: e.type, data: e.data, metadata: base }) } as EventMetadata;
      previousHash = metadata.hash;
      return { eventId: ids[i], type: e.type, data: e.data, metadata };
    });
  }
}
