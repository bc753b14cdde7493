import { Decider, DomainEvent } from '../domain/decider';
import { DomainError } from '../domain/domain-error';

/**
 * Given/When/Then for deciders (Emmett's DeciderSpecification):
 * `given([events]).when(command).then([events])` or `.thenThrows('CODE')`.
 */
export function deciderSpec<Command, State, Event extends DomainEvent, Ctx>(decider: Decider<Command, State, Event, Ctx>, context: Ctx) {
  return {
    given(events: Event[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState);
      return {
        when(command: Command, ctx: Ctx = context) {
          const run = () => decider.decide(command, state, ctx);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenState(check: (state: State, events: Event[]) => void) {
              const events = run();
              check(events.reduce((s, e) => decider.evolve(s, e), state), events);
            },
            thenThrows(code: string, extensions?: Record<string, unknown>) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              if (extensions) expect((thrown as DomainError).extensions).toEqual(expect.objectContaining(extensions));
            },
          };
        },
      };
    },
  };
}
