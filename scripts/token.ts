import { MAX_TOKEN_LIFETIME_SECONDS, mintToken, ROLES, Role } from '@pp/auth';
import { CliSpec, parseCli, usageLine } from './cli-run';
import { secretFromEnv } from './secret-from-env';

const SPEC: CliSpec = {
  name: 'token',
  compiled: 'dist/scripts/token.js',
  synopsis: `--role ${ROLES.join('|')} --sub SUBJECT [--account ACCOUNT_ID] [--expires-in SECONDS]`,
  description: 'Mints an HS256 token for local use, signed with the secret the service uses (AUTH_JWT_SECRET, else the one generated into DATA_DIR on the embedded store), and prints it on stdout.',
  optionHelp: [
    ['--role ROLE', `one of ${ROLES.join(', ')}`],
    ['--sub SUBJECT', 'who: the token\'s sub'],
    ['--account ACCOUNT_ID', 'the account a partner or customer acts for (required for those roles)'],
    ['--expires-in SECONDS', `lifetime, at most ${MAX_TOKEN_LIFETIME_SECONDS} (24 hours); default 1 hour`],
  ],
  examples: ['npm run -s token -- --role reviewer --sub staff-1', 'TOKEN=$(npm run -s token -- --role partner --sub owner@example.vn --account vn-acc-0001)', 'node dist/scripts/token.js --role auditor --sub audit-1 --expires-in 600'],
  exitCodes: '0 printed, 1 no secret to sign with, 2 bad arguments',
  environment: 'AUTH_JWT_SECRET, DATA_DIR (./data), EVENT_STORE',
  options: { role: { type: 'string' }, sub: { type: 'string' }, account: { type: 'string' }, 'expires-in': { type: 'string' } },
};
const USAGE = usageLine(SPEC);

/** Exits 2 with the reason and the usage line: the caller typed something we cannot sign. */
function usageError(message: string): never {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { role?: string; sub?: string; account?: string; 'expires-in'?: string };
  try {
    ({ values } = parseCli(SPEC) as { values: typeof values });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }

  const role = values.role;
  if (role === undefined || role === '') usageError('--role is required');
  if (!(ROLES as readonly string[]).includes(role)) usageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
  const sub = values.sub;
  if (sub === undefined || sub === '') usageError('--sub is required');
  const account = values.account;
  if ((role === 'partner' || role === 'customer') && (account === undefined || account === '')) {
    usageError(`a ${role} token needs --account (the ${role}'s account id)`);
  }
  let expiresIn: number | undefined;
  if (values['expires-in'] !== undefined) {
    const raw = values['expires-in'];
    if (!/^[1-9][0-9]*$/.test(raw) || !Number.isSafeInteger(Number(raw))) usageError(`--expires-in must be a positive whole number of seconds, got "${raw}"`);
    // The service refuses a token that lives longer.
    if (Number(raw) > MAX_TOKEN_LIFETIME_SECONDS) usageError(`--expires-in must be at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds (24 hours), got "${raw}"`);
    expiresIn = Number(raw);
  }

  let secret: string;
  try {
    secret = secretFromEnv();
  } catch (error) {
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(await mintToken({ role: role as Role, sub, account: account || undefined }, secret, expiresIn) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
