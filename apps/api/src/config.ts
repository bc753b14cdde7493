import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { parseRoleMap, type Role } from '@pp/auth';
import { PROGRAM_PRESETS } from '@pp/programs';

/** Environment variables the service reads (SPEC section 10), validated at start-up. */
class Environment {
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() @MinLength(1) DATA_DIR?: string;
  @IsOptional() @IsIn(['embedded', 'postgres', 'eventstoredb']) EVENT_STORE?: 'embedded' | 'postgres' | 'eventstoredb';
  @IsOptional() @Matches(/^esdb(\+discover)?:\/\//, { message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// or esdb+discover:// connection string' }) EVENTSTORE_CONNECTION_STRING?: string;
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// connection string' }) DATABASE_URL?: string;
  @IsOptional() @IsIn(Object.keys(PROGRAM_PRESETS)) PROGRAM?: string;
  @IsOptional() @IsString() AUTH_JWT_SECRET?: string;
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'AUTH_OIDC_ISSUER must be an http(s) URL, the issuer identifier exactly as tokens carry it in iss' }) AUTH_OIDC_ISSUER?: string;
  @IsOptional() @IsString() AUTH_OIDC_AUDIENCE?: string;
  @IsOptional() @Matches(/^[^\s]{1,200}$/, { message: 'AUTH_ROLE_CLAIM must be a claim name or dotted path, without spaces' }) AUTH_ROLE_CLAIM?: string;
  @IsOptional() @IsString() AUTH_ROLE_MAP?: string;
  @IsOptional() @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'AUTH_OIDC_CONSOLE_CLIENT_ID must be the client id of the console at the provider (printable ASCII, no spaces)' }) AUTH_OIDC_CONSOLE_CLIENT_ID?: string;
  @IsOptional() @Matches(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, { message: 'AUTH_OIDC_CONSOLE_SCOPE must be space-separated scope tokens (RFC 6749 section 3.3)' }) AUTH_OIDC_CONSOLE_SCOPE?: string;
  @IsOptional() @Matches(/^[^\s]{1,200}$/, { message: 'AUTH_ACCOUNT_CLAIM must be a claim name or dotted path, without spaces' }) AUTH_ACCOUNT_CLAIM?: string;
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1024) @Max(64 * 1024 * 1024) BODY_LIMIT_BYTES?: number;
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(0) @Max(60_000) READ_WAIT_MS?: number;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' }) SMTP_URL?: string;
  @IsOptional() @IsString() @MinLength(3) MAIL_FROM?: string;
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' }) PUBLIC_URL?: string;
  @IsOptional() @IsString() INVITATION_SECRET?: string;
  @IsOptional() @IsIn(['true', 'false']) RUN_PROJECTIONS?: string;
  @IsOptional() @Transform(({ value }) => (value === undefined ? undefined : Number(value))) @IsInt() @Min(1) @Max(10_000) PROJECTION_BATCH_SIZE?: number;
  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' }) DATABASE_SCHEMA?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, { message: 'SIMULATED_NOW must be a UTC time such as 2026-11-23T03:00:00Z' }) SIMULATED_NOW?: string;
  @IsOptional() @IsString() NODE_ENV?: string;
  @IsOptional() @IsString() CONSOLE_DIR?: string;
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
  readonly port: number;
  readonly dataDir: string;
  /**
   * Where the event log lives: `embedded` (PGlite under DATA_DIR), `postgres` (DATABASE_URL) or
   * `eventstoredb` (EVENTSTORE_CONNECTION_STRING, with the read models, checkpoints, idempotency
   * and mail outbox in PostgreSQL at DATABASE_URL).
   */
  readonly eventStore: 'embedded' | 'postgres' | 'eventstoredb';
  /** PostgreSQL for the log (`postgres`) or for everything but the log (`eventstoredb`). */
  readonly databaseUrl?: string;
  /** EventStoreDB connection string, e.g. `esdb://eventstore:2113?tls=false`. */
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
 * Reads and validates the configuration.
 * @throws Error naming every bad variable, e.g. "EVENT_STORE must be one of ...", so start-up stops with the reason.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(Environment, raw, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length) throw new Error(`bad configuration: ${errors.map((e) => Object.values(e.constraints ?? {}).join('; ') || `${e.property} is invalid`).join('; ')}`);
  const eventStore = parsed.EVENT_STORE ?? 'embedded';
  if (eventStore !== 'embedded' && !parsed.DATABASE_URL) throw new Error(`bad configuration: DATABASE_URL must be set when EVENT_STORE=${eventStore}`);
  if (parsed.SIMULATED_NOW && parsed.NODE_ENV === 'production') throw new Error('bad configuration: SIMULATED_NOW is for scenario replays and demos, never with NODE_ENV=production');
  if (eventStore === 'eventstoredb' && !parsed.EVENTSTORE_CONNECTION_STRING) throw new Error('bad configuration: EVENTSTORE_CONNECTION_STRING must be set when EVENT_STORE=eventstoredb');
  const oidc = oidcConfig(parsed);
  return {
    port: parsed.PORT ?? 3000,
    dataDir: parsed.DATA_DIR ?? './data',
    eventStore,
    databaseUrl: parsed.DATABASE_URL,
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
    publicUrl: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT ?? 3000}`,
    invitationSecret: parsed.INVITATION_SECRET,
    simulatedNow: parsed.SIMULATED_NOW,
    reactorIntervalMs: 5_000,
    devSignIn: parsed.NODE_ENV !== 'production',
    consoleDir: parsed.CONSOLE_DIR,
  };
}

/**
 * The OpenID provider's settings, or undefined without `AUTH_OIDC_ISSUER`.
 * @throws Error naming the variable: `AUTH_OIDC_AUDIENCE` missing with an issuer (every token of the
 * provider would pass for this api, whatever it was issued for); `AUTH_ROLE_CLAIM`, `AUTH_ROLE_MAP`
 * or `AUTH_ACCOUNT_CLAIM` set without an issuer (a setting that would silently do nothing); a bad
 * `AUTH_ROLE_MAP`; a console scope without a console client, or without `openid`; an `http://` issuer other than the loopback (keys fetched in clear could be swapped).
 */
function oidcConfig(parsed: Environment): OidcConfig | undefined {
  if (!parsed.AUTH_OIDC_ISSUER) {
    const stray = (['AUTH_OIDC_AUDIENCE', 'AUTH_ROLE_CLAIM', 'AUTH_ROLE_MAP', 'AUTH_ACCOUNT_CLAIM', 'AUTH_OIDC_CONSOLE_CLIENT_ID', 'AUTH_OIDC_CONSOLE_SCOPE'] as const).find((name) => parsed[name] !== undefined);
    if (stray) throw new Error(`bad configuration: ${stray} is set but AUTH_OIDC_ISSUER is not`);
    return undefined;
  }
  const issuer = parsed.AUTH_OIDC_ISSUER;
  if (parsed.AUTH_OIDC_CONSOLE_SCOPE !== undefined && !parsed.AUTH_OIDC_CONSOLE_CLIENT_ID) throw new Error('bad configuration: AUTH_OIDC_CONSOLE_SCOPE is set but AUTH_OIDC_CONSOLE_CLIENT_ID is not');
  if (parsed.AUTH_OIDC_CONSOLE_SCOPE !== undefined && !parsed.AUTH_OIDC_CONSOLE_SCOPE.split(' ').includes('openid')) throw new Error('bad configuration: AUTH_OIDC_CONSOLE_SCOPE must include openid (the console signs in with OpenID Connect)');
  if (!parsed.AUTH_OIDC_AUDIENCE) throw new Error('bad configuration: AUTH_OIDC_AUDIENCE must be set when AUTH_OIDC_ISSUER is');
  if (issuer.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(issuer)) throw new Error('bad configuration: AUTH_OIDC_ISSUER must be https:// (http:// only on the loopback)');
  let roleMap: ReadonlyMap<string, Role> | undefined;
  try {
    roleMap = parsed.AUTH_ROLE_MAP === undefined ? undefined : parseRoleMap(parsed.AUTH_ROLE_MAP);
  } catch (error) {
    throw new Error(`bad configuration: ${(error as Error).message}`);
  }
  const consoleClient = parsed.AUTH_OIDC_CONSOLE_CLIENT_ID ? { consoleClientId: parsed.AUTH_OIDC_CONSOLE_CLIENT_ID, consoleScope: parsed.AUTH_OIDC_CONSOLE_SCOPE ?? 'openid' } : {};
  return { issuer, audience: parsed.AUTH_OIDC_AUDIENCE, roleClaim: parsed.AUTH_ROLE_CLAIM ?? 'role', accountClaim: parsed.AUTH_ACCOUNT_CLAIM ?? 'account', roleMap, ...consoleClient };
}
