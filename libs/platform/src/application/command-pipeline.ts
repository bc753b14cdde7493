import { Inject, Injectable } from '@nestjs/common';
import { EventData, EVENT_STORE, EventStore, ExpectedRevision, RecordedEvent, WrongExpectedRevisionError } from '@pp/event-store';
import { Decider, DomainEvent } from '../domain/decider';
import { conflict } from '../domain/domain-error';
import { CommandContext, EventMetadata } from './command-context';
import { eventIds } from './event-ids';
import { SCHEMA_VERSIONS, upcastAll } from './schema-registry';

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

/** Appends retried after an expected-revision conflict before the command answers 409. */
export const MAX_CONFLICT_RETRIES = 5;

/**
 * The one command pipeline every handler uses: read the stream, fold it with `evolve`, `decide`
 * (pure), append the new events with the expected revision the state was read at. On a concurrent
 * change the whole sequence runs again, up to {@link MAX_CONFLICT_RETRIES} times, then it fails with
 * `CONCURRENCY_CONFLICT` (409). A command appends all its events or none.
 */
@Injectable()
export class CommandPipeline {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Reads and folds a stream, upcasting old event versions on the way. */
  async load<State, Event extends DomainEvent>(streamId: string, decider: Pick<Decider<unknown, State, Event, unknown>, 'initialState' | 'evolve'>): Promise<LoadedStream<State>> {
    const events = upcastAll(await this.store.readStream(streamId));
    let state = decider.initialState;
    for (const e of events) state = decider.evolve(state, { type: e.type, data: e.data } as Event);
    const last: RecordedEvent | undefined = events[events.length - 1];
    return { state, revision: last ? last.revision : -1n, position: last ? last.position : 0n };
  }

  /**
   * Runs a command against one stream.
   * @param commandName recorded as `metadata.command`, e.g. `RegisterPartner`.
   * @param context builds the decider's context from the freshly loaded state (for facts that depend on it).
   * @throws DomainError from `decide`; `CONCURRENCY_CONFLICT` after the retries.
   */
  async execute<Command, State, Event extends DomainEvent, Ctx>(args: {
    streamId: string;
    decider: Decider<Command, State, Event, Ctx>;
    command: Command;
    commandName: string;
    context: CommandContext;
    deciderContext: Ctx | (() => Promise<Ctx>);
  }): Promise<CommandResult<State, Event>> {
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(args.streamId, args.decider);
      const ctx = typeof args.deciderContext === 'function' ? await (args.deciderContext as () => Promise<Ctx>)() : args.deciderContext;
      const events = args.decider.decide(args.command, loaded.state, ctx);
      if (events.length === 0) return { ...loaded, events };
      try {
        const result = await this.append(args.streamId, events, loaded.revision < 0n ? 'no_stream' : loaded.revision, args.commandName, args.context);
        const state = events.reduce((s, e) => args.decider.evolve(s, e), loaded.state);
        return { state, revision: result.nextExpectedRevision, position: result.position, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= MAX_CONFLICT_RETRIES) {
          throw conflict('CONCURRENCY_CONFLICT', `${args.streamId} kept changing while ${args.commandName} was decided; try again`);
        }
      }
    }
  }

  /**
   * Appends domain events with full metadata. Used by `execute` and by the few commands that write
   * a second stream (e.g. the e-mail reservation of RegisterAccount).
   */
  async append(streamId: string, events: readonly DomainEvent[], expectedRevision: ExpectedRevision, commandName: string, context: CommandContext) {
    const ids = eventIds(events.length, streamId, context.idempotencyKey);
    const data: EventData[] = events.map((e, i) => {
      const metadata: EventMetadata = {
        eventId: ids[i],
        schemaVersion: SCHEMA_VERSIONS[e.type] ?? 1,
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor: { role: context.actor.role, id: context.actor.id },
        command: commandName,
        occurredAt: context.now.toISOString(),
      };
      return { eventId: ids[i], type: e.type, data: e.data, metadata };
    });
    return this.store.appendToStream(streamId, data, { expectedRevision });
  }
}
