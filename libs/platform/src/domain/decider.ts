import { JsonObject } from '@pp/event-store';

/** A domain event before it is stored: a past-tense type and plain JSON data. */
export interface DomainEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A decider (Emmett / Jérémie Chassaing): pure functions, no I/O, no clock, no randomness. Time,
 * ids and facts read from other streams come in through the command or the context.
 */
export interface Decider<Command, State, Event extends DomainEvent, Context = void> {
  readonly initialState: State;
  /** Folds one event into the state. Must accept every event the stream has ever held. */
  evolve(state: State, event: Event): State;
  /**
   * Decides which events the command produces in this state.
   * @throws DomainError when a rule refuses the command.
   */
  decide(command: Command, state: State, context: Context): Event[];
}
