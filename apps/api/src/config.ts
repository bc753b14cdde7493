import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { parseRoleMap, type Role } from '@pp/auth';
import { PROGRAM_PRESETS } from '@pp/programs';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : Number.NaN);

/**
 * What each variable takes, in the words of its one-line refusal (`PORT="abc": expected ...`).
 * Variables without an entry are refused with their validator's own message.
 */
const EXPECTED: Record<string, string> = {
  PORT: 'a TCP port, a whole number from 0 to 65535',
  PROJECTOR_PORT: 'a TCP port, a whole number from 0 to 65535',
  HOST: 'an address to listen on: an IPv4 or IPv6 address or a host name (127.0.0.1 for this machine only, 0.0.0.0 for every interface)',
  DATA_DIR: 'a folder path',
  EVENT_STORE: 'one of embedded, postgres, eventstoredb',
  PROGRAM: `one of ${Object.keys(PROGRAM_PRESETS).join(', ')}`,
  BODY_LIMIT_BYTES: 'a whole number of bytes from 1024 to 67108864',
  READ_WAIT_MS: 'a whole number of milliseconds from 0 to 60000',
  PROJECTION_BATCH_SIZE: 'a whole number of events from 1 to 10000',
  DATABASE_WAIT_SECONDS: 'a whole number of seconds from 0 to 600',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  RUN_PROJECTIONS: 'true or false',
  WEBHOOK_ALLOW_PRIVATE: 'true or false',
  WEBHOOK_TIMEOUT_MS: 'a whole number of milliseconds from 100 to 60000',
  MAIL_FROM: 'a sender address of at least 3 characters, e.g. "Partner Program" <no-reply@example.com>',
};

/** Variables whose value is never printed, even in a refusal. */
const SECRET_VARIABLES = new Set(['AUTH_JWT_SECRET', 'INVITATION_SECRET', 'WEBHOOK_SIGNING_KEY', 'DATABASE_URL', 'SMTP_URL', 'EVENTSTORE_CONNECTION_STRING']);

/** Shortest secret accepted: 32 bytes, the size of the HMAC-SHA-256 hash (RFC 7518 section 3.2). */
export const MIN_SECRET_LENGTH = 32;

/** Environment variables the service reads (SPEC section 10), validated at start-up. */
class Environment {
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(65535) PROJECTOR_PORT?: number;
  @IsOptional() @Matches(/^([A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/) HOST?: string;
  @IsOptional() @IsString() @MinLength(1) DATA_DIR?: string;
  @IsOptional() @IsIn(['embedded', 'postgres', 'eventstoredb']) EVENT_STORE?: 'embedded' | 'postgres' | 'eventstoredb';
  // The schemes @kurrent/kurrentdb-client 1.3.1 parses (dist/Client/parseConnectionString.js); it warns that esdb is deprecated.
  @IsOptional() @Matches(/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//, { message: 'expected a kurrentdb:// (or kurrentdb+discover://, esdb://) connection string' }) EVENTSTORE_CONNECTION_STRING?: string;
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'expected a postgres:// connection string' }) DATABASE_URL?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(600) DATABASE_WAIT_SECONDS?: number;
  @IsOptional() @IsIn(Object.keys(PROGRAM_PRESETS)) PROGRAM?: string;
  @IsOptional() @IsString() @MinLength(MIN_SECRET_LENGTH, { message: `expected at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)` }) AUTH_JWT_SECRET?: string;
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'expected an http(s) URL, the issuer identifier exactly as tokens carry it in iss' }) AUTH_OIDC_ISSUER?: string;
  @IsOptional() @IsString() AUTH_OIDC_AUDIENCE?: string;
  @IsOptional() @Matches(/^[^\s]{1,200}$/, { message: 'expected a claim name or dotted path, without spaces' }) AUTH_ROLE_CLAIM?: string;
  @IsOptional() @IsString() AUTH_ROLE_MAP?: string;
  @IsOptional() @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'expected the client id of the console at the provider (printable ASCII, no spaces)' }) AUTH_OIDC_CONSOLE_CLIENT_ID?: string;
  @IsOptional() @Matches(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, { message: 'expected space-separated scope tokens (RFC 6749 section 3.3)' }) AUTH_OIDC_CONSOLE_SCOPE?: string;
  @IsOptional() @Matches(/^[^\s]{1,200}$/, { message: 'expected a claim name or dotted path, without spaces' }) AUTH_ACCOUNT_CLAIM?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1024) @Max(64 * 1024 * 1024) BODY_LIMIT_BYTES?: number;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(0) @Max(60_000) READ_WAIT_MS?: number;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @Matches(/^smtps?:\/\//, { message: 'expected an smtp:// or smtps:// URL' }) SMTP_URL?: string;
  @IsOptional() @IsString() @MinLength(3) MAIL_FROM?: string;
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'expected an http(s) URL, the address people open (links in mails point there)' }) PUBLIC_URL?: string;
  @IsOptional() @IsString() @MinLength(MIN_SECRET_LENGTH, { message: `expected at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)` }) INVITATION_SECRET?: string;
  @IsOptional() @IsString() @MinLength(MIN_SECRET_LENGTH, { message: `expected at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)` }) WEBHOOK_SIGNING_KEY?: string;
  @IsOptional() @IsIn(['true', 'false']) WEBHOOK_ALLOW_PRIVATE?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(100) @Max(60_000) WEBHOOK_TIMEOUT_MS?: number;
  @IsOptional() @IsIn(['true', 'false']) RUN_PROJECTIONS?: string;
  @IsOptional() @Transform(toNumber) @IsInt() @Min(1) @Max(10_000) PROJECTION_BATCH_SIZE?: number;
  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'expected a lower-case SQL identifier' }) DATABASE_SCHEMA?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, { message: 'expected a UTC time such as 2026-11-23T03:00:00Z' }) SIMULATED_NOW?: string;
  @IsOptional() @IsString() NODE_ENV?: string;
  @IsOptional() @IsString() CONSOLE_DIR?: string;
}

/**
 * Bad configuration: one line per bad variable, each naming it and what it expects
 * (`PORT="abc": expected a TCP port, ...`); a secret's value is never shown. `main` prints
 * {@link ConfigError.lines} and exits 78 (EX_CONFIG of sysexits.h), without a stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/**
 * Whether a secret looks like a placeholder or is too weak to sign with in production: the
 * words of sample files (change-me, placeholder, example, secret, password...), or fewer than 10
 * distinct characters (`xxxx...`, `1234...`). A generated secret (openssl rand -hex 32) passes.
 */
export function weakSecret(value: string): string | undefined {
  if (/change.?me|placeholder|example|replace|your.?secret|^secret|password|default|dummy|insecure/i.test(value)) return 'a placeholder';
  if (new Set(value).size < 10) return 'too uniform (fewer than 10 distinct characters)';
  return undefined;
}

/**
 * The OpenID provider whose tokens are accepted besides the internal HS256 ones (issue 15; README,
 * "Signing in with an OpenID provider").
 */
export interface OidcConfig {
  /** `AUTH_OIDC_ISSUER`: the issuer identifier; its discovery document is `{issuer}/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** `AUTH_OIDC_AUDIENCE`: the `aud` tokens must carry. */
  readonly audience: string;
  /** `AUTH_ROLE_CLAIM` (default `role`). */
  readonly roleClaim: string;
  /** `AUTH_ACCOUNT_CLAIM` (default `account`). */
  readonly accountClaim: string;
  /** `AUTH_ROLE_MAP`, parsed: claim value to role; absent, the values are the role names. */
  readonly roleMap?: ReadonlyMap<string, Role>;
  /**
   * `AUTH_OIDC_CONSOLE_CLIENT_ID`: the console's public client at the provider (authorization code
   * with PKCE); absent, the console offers no sign-in with the provider.
   */
  readonly consoleClientId?: string;
  /** `AUTH_OIDC_CONSOLE_SCOPE`: the scope the console asks for (default `openid`). */
  readonly consoleScope?: string;
  /** Least time between two JWKS fetches for an unknown key id, ms (30 000; tests shorten it). */
  readonly jwksCooldownMs?: number;
}

/** The service's configuration, resolved from the environment. */
export interface AppConfig {
  /** `PORT` (3000): the api's HTTP port. */
  readonly port: number;
  /**
   * `HOST`: the address the api listens on; default `127.0.0.1` (this machine only, the embedded
   * default is a laptop's), `0.0.0.0` in the image (docker/Dockerfile).
   */
  readonly host?: string;
  /** `PROJECTOR_PORT` (3001): the projector's own port for /health/* and /metrics. */
  readonly projectorPort?: number;
  /** `DATABASE_WAIT_SECONDS` (30): how long start-up retries a PostgreSQL that does not answer yet. */
  readonly databaseWaitSeconds?: number;
  readonly dataDir: string;
  /**
   * Where the event log lives: `embedded` (PGlite under DATA_DIR), `postgres` (DATABASE_URL) or
   * `eventstoredb` (EVENTSTORE_CONNECTION_STRING, with the read models, checkpoints, idempotency
   * and mail outbox in PostgreSQL at DATABASE_URL).
   */
  readonly eventStore: 'embedded' | 'postgres' | 'eventstoredb';
  /** PostgreSQL for the log (`postgres`) or for everything but the log (`eventstoredb`). */
  readonly databaseUrl?: string;
  /** EventStoreDB or KurrentDB connection string, e.g. `kurrentdb://eventstore:2113?tls=false` (`esdb://` still works). */
  readonly eventStoreConnectionString?: string;
  /** PostgreSQL schema to use instead of the connection's default (tests isolate themselves with it). */
  readonly databaseSchema?: string;
  readonly program: string;
  readonly jwtSecret?: string;
  /** The OpenID provider, when `AUTH_OIDC_ISSUER` is set. */
  readonly oidc?: OidcConfig;
  /** Largest request body accepted, bytes (413 above). */
  readonly bodyLimitBytes: number;
  /** How long a query with `minPosition` waits for its read model, ms. */
  readonly readWaitMs: number;
  readonly logLevel: string;
  /**
   * Run projections and reactors (e-mail, invitation expiry) in this process (`RUN_PROJECTIONS`,
   * default true). Safe in any number of processes: one leads each projection at a time.
   */
  readonly runProjections: boolean;
  /** SMTP server for mails; without it mails are .eml files under `DATA_DIR/mail/`. */
  readonly smtpUrl?: string;
  readonly mailFrom?: string;
  /** Base of links in mails. */
  readonly publicUrl: string;
  /** Secret invitation tokens are derived with (generated into DATA_DIR on the embedded store). */
  readonly invitationSecret?: string;
  /**
   * `WEBHOOK_SIGNING_KEY`: what every webhook subscription's signing secret is derived from
   * (docs/webhooks.md); without it, a key derived from the invitation secret, so that a deployment
   * that sets no new variable still works (rotating either then changes every subscription's secret).
   */
  readonly webhookSigningKey?: string;
  /** `WEBHOOK_ALLOW_PRIVATE=true`: webhook URLs on loopback, private and link-local addresses are allowed (default false: server-side request forgery). */
  readonly webhookAllowPrivate?: boolean;
  /** Webhook URLs must be https (`NODE_ENV=production`). */
  readonly webhookRequireHttps?: boolean;
  /** `WEBHOOK_TIMEOUT_MS` (default 10 000): one delivery attempt's whole exchange, connect to last byte. */
  readonly webhookTimeoutMs?: number;
  /**
   * `SIMULATED_NOW`: the service's clock starts at this UTC time and runs on from it, so that a dated
   * scenario (`../shared/scenarios`) gives the same answers whatever day it is replayed. Refused
   * when `NODE_ENV=production`: events would carry a made-up time.
   */
  readonly simulatedNow?: string;
  /**
   * How often the reactors look for due work without being woken, ms: a safety net (mail retries,
   * invitations whose time has come); they are woken by their projections' commits otherwise.
   */
  readonly reactorIntervalMs: number;
  /** False: the reactors run on their interval only, never woken by a commit (tests that tick them by hand). Default true. */
  readonly reactorWakeUps?: boolean;
  /** Events per projection transaction. */
  readonly projectionBatchSize: number;
  /**
   * The console's development sign-in (POST /v1/dev/sign-in, GET /v1/dev/accounts) is served:
   * whenever `NODE_ENV` is not `production` (docs/console.md).
   */
  readonly devSignIn: boolean;
  /** `CONSOLE_DIR`: the built console to serve; default `apps/console/dist` of the repository. */
  readonly consoleDir?: string;
}

/**
 * Reads and validates the whole configuration before anything is opened (SPEC section 10).
 * @throws ConfigError listing every bad variable, one line each (not only the first).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(Environment, raw, { excludeExtraneousValues: false });
  const lines: string[] = [];
  const bad = (variable: string, expected: string) => {
    const value = raw[variable];
    const shown = value === undefined ? '' : SECRET_VARIABLES.has(variable) ? ' (value not shown)' : `=${JSON.stringify(value)}`;
    lines.push(`${variable}${shown}: ${expected}`);
  };
  for (const error of validateSync(parsed, { whitelist: false })) {
    // One line per variable: PORT=abc used to fail isInt, min and max at once.
    const own = Object.values(error.constraints ?? {}).find((m) => m.startsWith('expected '));
    bad(error.property, EXPECTED[error.property] ? `expected ${EXPECTED[error.property]}` : own ?? Object.values(error.constraints ?? {})[0] ?? 'invalid');
  }
  const eventStore = parsed.EVENT_STORE ?? 'embedded';
  const serverStore = eventStore === 'postgres' || eventStore === 'eventstoredb';
  if (serverStore && !raw.DATABASE_URL) bad('DATABASE_URL', `must be set when EVENT_STORE=${eventStore} (postgres://user:password@host:5432/database)`);
  if (eventStore === 'eventstoredb' && !raw.EVENTSTORE_CONNECTION_STRING) bad('EVENTSTORE_CONNECTION_STRING', 'must be set when EVENT_STORE=eventstoredb (kurrentdb://host:2113?tls=false)');
  // On a server store there is no data folder every process shares: the secrets must be given.
  if (serverStore) for (const name of ['AUTH_JWT_SECRET', 'INVITATION_SECRET'] as const) if (!raw[name]) bad(name, `must be set when EVENT_STORE=${eventStore}: at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`);
  const production = parsed.NODE_ENV === 'production';
  if (production) {
    if (parsed.SIMULATED_NOW) bad('SIMULATED_NOW', 'must not be set with NODE_ENV=production (it is for scenario replays and demos: events would carry a made-up time)');
    for (const name of ['AUTH_JWT_SECRET', 'INVITATION_SECRET', 'WEBHOOK_SIGNING_KEY'] as const) {
      const value = raw[name];
      const weakness = value !== undefined && value.length >= MIN_SECRET_LENGTH ? weakSecret(value) : undefined;
      if (weakness) bad(name, `is ${weakness}; with NODE_ENV=production expected a random secret (e.g. openssl rand -hex 32)`);
    }
  }
  const oidc = oidcConfig(parsed, bad);
  if (lines.length) throw new ConfigError(lines);
  const port = parsed.PORT ?? 3000;
  return {
    port,
    host: parsed.HOST ?? '127.0.0.1',
    projectorPort: parsed.PROJECTOR_PORT ?? 3001,
    dataDir: parsed.DATA_DIR ?? './data',
    eventStore,
    databaseUrl: parsed.DATABASE_URL,
    databaseWaitSeconds: parsed.DATABASE_WAIT_SECONDS ?? 30,
    eventStoreConnectionString: parsed.EVENTSTORE_CONNECTION_STRING,
    program: parsed.PROGRAM ?? 'vngcloud',
    jwtSecret: parsed.AUTH_JWT_SECRET,
    oidc,
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES ?? 1024 * 1024,
    readWaitMs: parsed.READ_WAIT_MS ?? 5_000,
    logLevel: parsed.LOG_LEVEL ?? 'info',
    runProjections: parsed.RUN_PROJECTIONS !== 'false',
    projectionBatchSize: parsed.PROJECTION_BATCH_SIZE ?? 500,
    databaseSchema: parsed.DATABASE_SCHEMA,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    publicUrl: parsed.PUBLIC_URL ?? `http://localhost:${port}`,
    invitationSecret: parsed.INVITATION_SECRET,
    webhookSigningKey: parsed.WEBHOOK_SIGNING_KEY,
    webhookAllowPrivate: parsed.WEBHOOK_ALLOW_PRIVATE === 'true',
    webhookRequireHttps: production,
    webhookTimeoutMs: parsed.WEBHOOK_TIMEOUT_MS ?? 10_000,
    simulatedNow: parsed.SIMULATED_NOW,
    reactorIntervalMs: 5_000,
    devSignIn: !production,
    consoleDir: parsed.CONSOLE_DIR,
  };
}

/**
 * The OpenID provider's settings, or undefined without `AUTH_OIDC_ISSUER`.
 * Reports to `bad`, naming the variable: `AUTH_OIDC_AUDIENCE` missing with an issuer (every token of the
 * provider would pass for this api, whatever it was issued for); `AUTH_ROLE_CLAIM`, `AUTH_ROLE_MAP`
 * or `AUTH_ACCOUNT_CLAIM` set without an issuer (a setting that would silently do nothing); a bad
 * `AUTH_ROLE_MAP`; a console scope without a console client, or without `openid`; an `http://` issuer other than the loopback (keys fetched in clear could be swapped).
 */
function oidcConfig(parsed: Environment, bad: (variable: string, expected: string) => void): OidcConfig | undefined {
  if (!parsed.AUTH_OIDC_ISSUER) {
    const stray = (['AUTH_OIDC_AUDIENCE', 'AUTH_ROLE_CLAIM', 'AUTH_ROLE_MAP', 'AUTH_ACCOUNT_CLAIM', 'AUTH_OIDC_CONSOLE_CLIENT_ID', 'AUTH_OIDC_CONSOLE_SCOPE'] as const).filter((name) => parsed[name] !== undefined);
    for (const name of stray) bad(name, 'is set but AUTH_OIDC_ISSUER is not (it would do nothing)');
    return undefined;
  }
  const issuer = parsed.AUTH_OIDC_ISSUER;
  if (parsed.AUTH_OIDC_CONSOLE_SCOPE !== undefined && !parsed.AUTH_OIDC_CONSOLE_CLIENT_ID) bad('AUTH_OIDC_CONSOLE_SCOPE', 'is set but AUTH_OIDC_CONSOLE_CLIENT_ID is not');
  else if (parsed.AUTH_OIDC_CONSOLE_SCOPE !== undefined && !parsed.AUTH_OIDC_CONSOLE_SCOPE.split(' ').includes('openid')) bad('AUTH_OIDC_CONSOLE_SCOPE', 'expected a scope that includes openid (the console signs in with OpenID Connect)');
  if (!parsed.AUTH_OIDC_AUDIENCE) bad('AUTH_OIDC_AUDIENCE', 'must be set when AUTH_OIDC_ISSUER is (the aud tokens must carry)');
  if (issuer.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(issuer)) bad('AUTH_OIDC_ISSUER', 'expected https:// (http:// only on the loopback: keys fetched in clear could be swapped)');
  let roleMap: ReadonlyMap<string, Role> | undefined;
  try {
    roleMap = parsed.AUTH_ROLE_MAP === undefined ? undefined : parseRoleMap(parsed.AUTH_ROLE_MAP);
  } catch (error) {
    bad('AUTH_ROLE_MAP', (error as Error).message.replace(/^AUTH_ROLE_MAP:?\s*/, ''));
  }
  const consoleClient = parsed.AUTH_OIDC_CONSOLE_CLIENT_ID ? { consoleClientId: parsed.AUTH_OIDC_CONSOLE_CLIENT_ID, consoleScope: parsed.AUTH_OIDC_CONSOLE_SCOPE ?? 'openid' } : {};
  return { issuer, audience: parsed.AUTH_OIDC_AUDIENCE ?? '', roleClaim: parsed.AUTH_ROLE_CLAIM ?? 'role', accountClaim: parsed.AUTH_ACCOUNT_CLAIM ?? 'account', roleMap, ...consoleClient };
}
