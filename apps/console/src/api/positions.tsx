import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * Read-your-writes: the highest global position of the commands this person sent. Queries pass it
 * as `minPosition`, so the read model they answer from holds what was just done (SPEC, "Reading your
 * own writes"). Positions are decimal strings (64-bit).
 */
interface Positions {
  /** Undefined until this tab sent a command. */
  position?: string;
  /** Records a command's answer and refreshes every query. */
  wrote(answer: { position?: string | number | null } | undefined): void;
}

const PositionContext = createContext<Positions>({ wrote: () => undefined });

const larger = (a: string | undefined, b: string): string => (a === undefined || BigInt(b) > BigInt(a) ? b : a);

export function PositionProvider({ children }: { children: ReactNode }) {
  const [position, setPosition] = useState<string | undefined>();
  const client = useQueryClient();
  const wrote = useCallback(
    (answer: { position?: string | number | null } | undefined) => {
      if (answer?.position !== undefined && answer.position !== null) setPosition((current) => larger(current, String(answer.position)));
      void client.invalidateQueries();
    },
    [client],
  );
  const value = useMemo(() => ({ position, wrote }), [position, wrote]);
  return <PositionContext.Provider value={value}>{children}</PositionContext.Provider>;
}

/** `{ position, wrote }`: pass `position` as `minPosition` to queries, call `wrote(answer)` after a command. */
export function usePositions(): Positions {
  return useContext(PositionContext);
}
