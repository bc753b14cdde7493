import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ApiError } from './api/client';
import { PositionProvider } from './api/positions';
import { SessionProvider } from './auth/session';
import './i18n';
import { ProgramProvider } from './program';
import { captureInvitationToken } from './invitation/token';
import { AppRoutes } from './routes';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) is an answer, not a glitch: show it at once instead of asking three more times.
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2, refetchOnWindowFocus: false },
  },
});

// Before the router: a redirect to the sign-in page would drop the fragment that holds the token.
captureInvitationToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <PositionProvider>
          <BrowserRouter>
            <ProgramProvider>
              <AppRoutes />
            </ProgramProvider>
          </BrowserRouter>
        </PositionProvider>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
