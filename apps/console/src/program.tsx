import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from './api/schema';
import { call } from './api/client';
import { api } from './api/client';
import { defaultLanguage, type Language } from './i18n';
import { ProblemMessage } from './components/ProblemMessage';

/**
 * The program this service runs (GET /v1/program): what the forms ask for and in which languages;
 * `timeZone` is the IANA zone its business days and months are counted in (dates are shown in it).
 */
export type Program = Omit<components['schemas']['ProgramView'], 'languages'> & { languages: Language[] };

const ProgramContext = createContext<Program | undefined>(undefined);

/** Loads the program once and sets the default language: the browser's if the program offers it, else the program's first. */
export function ProgramProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['program'],
    queryFn: () => call(api.GET('/v1/program')) as Promise<Program>,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (!query.data) return;
    // The browser's preferred language when the program offers it, else the program's first.
    const offered = query.data.languages;
    const preferred = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find((tag) => (offered as string[]).includes(tag));
    defaultLanguage((preferred as Language | undefined) ?? offered[0] ?? 'en');
  }, [query.data]);
  useEffect(() => {
    if (query.data) document.title = t('appName', { provider: query.data.displayName });
  }, [query.data, t]);
  if (query.error) return <main className="page"><ProblemMessage error={query.error} /></main>;
  if (!query.data) return <main className="page" aria-busy="true">{t('loading')}</main>;
  return <ProgramContext.Provider value={query.data}>{children}</ProgramContext.Provider>;
}

/** The program loaded by {@link ProgramProvider}. */
export function useProgram(): Program {
  const program = useContext(ProgramContext);
  if (!program) throw new Error('useProgram outside ProgramProvider');
  return program;
}
