import { parseArgs } from 'node:util';
import { MAX_TOKEN_LIFETIME_SECONDS, mintToken, ROLES, Role } from '@pp/auth';
import { secretFromEnv } from './secret-from-env';

const USAGE = 'usage: npm run token -- --role <' + ROLES.join('|') + '> --sub <subject> [--account <accountId>] [--expires-in <seconds>]';

/** Exits 2 with the reason and the usage line: the caller typed something we cannot sign. */
function usageError(message: string): never {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { role?: string; sub?: string; account?: string; 'expires-in'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        account: { type: 'string' },
        'expires-in': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
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
