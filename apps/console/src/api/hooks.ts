import { useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError, call, idempotencyKey } from './client';
import { usePositions } from './positions';
import type { CommandAnswer } from './types';

type Sent<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * A query that reads this person's own writes: `read(minPosition)` is called with the highest
 * position of the commands sent from this tab, and the key includes it, so a screen refreshes once
 * the read model has what was just done.
 */
export function useRead<T>(key: readonly unknown[], read: (minPosition: string | undefined) => Sent<unknown>, options: Omit<UseQueryOptions<T, Error>, 'queryKey' | 'queryFn'> = {}) {
  const { position } = usePositions();
  return useQuery<T, Error>({ queryKey: [...key, position], queryFn: () => call(read(position) as Sent<T>), placeholderData: (previous) => previous, ...options });
}

/**
 * A command sent from a form. `send(variables, idempotencyKey)` performs the call; the key is the
 * same for a resubmit after a network failure or a 5xx (the service answers the first answer
 * again), and new after any definitive answer (success or refusal), so a corrected form is a new
 * command. On success the answer's position is recorded for read-your-writes.
 */
export function useCommand<V, A = CommandAnswer>(send: (variables: V, key: string) => Sent<unknown>, onDone?: (answer: A, variables: V) => void) {
  const { wrote } = usePositions();
  const key = useRef<string | undefined>(undefined);
  return useMutation<A, Error, V>({
    mutationFn: (variables) => {
      key.current ??= idempotencyKey();
      return call(send(variables, key.current) as Sent<A>);
    },
    onSuccess: (answer, variables) => {
      key.current = undefined;
      wrote(answer as { position?: string });
      onDone?.(answer, variables);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) key.current = undefined;
    },
  });
}

/** The `Idempotency-Key` header of a command. */
export const keyed = (key: string) => ({ 'Idempotency-Key': key });
