/**
 * The bench's two bare anchors (issue 16), each started as a process of its own by `npm run bench`
 * with `ANCHOR=fastify` or `ANCHOR=nest`, on PORT, DATABASE_URL (schema DATABASE_SCHEMA) and
 * AUTH_JWT_SECRET. Both answer `POST /v1/accounts` with one INSERT of the body into
 * `anchor_accounts`, as RegisterAccount's request:
 * - `fastify`: bare Fastify, no validation, no authentication;
 * - `nest`: NestJS 11 on Fastify with a global ValidationPipe (whitelist, forbid unknown fields,
 *   the DTO below), and a guard verifying the HS256 bearer token with jose, as the api's.
 * They say how fast this stack can go on this machine, so the service is measured as a ratio to them.
 */
import 'reflect-metadata';
import { Body, CanActivate, Controller, ExecutionContext, Injectable, Module, Post, UnauthorizedException, UseGuards, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsEmail, IsIn, Matches } from 'class-validator';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import { createSecretKey } from 'node:crypto';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: `-c search_path=${process.env.DATABASE_SCHEMA}` });
const key = createSecretKey(Buffer.from(process.env.AUTH_JWT_SECRET ?? '', 'utf8'));
const insert = (body: { accountId: string }) => pool.query('insert into anchor_accounts (id, body) values ($1, $2)', [body.accountId, JSON.stringify(body)]);

class AccountBody {
  @Matches(/^[A-Za-z0-9._-]{1,64}$/) accountId!: string;
  @IsEmail() email!: string;
  @IsIn(['enterprise', 'individual']) type!: string;
  @IsIn(['prepaid', 'postpaid']) billing!: string;
}

@Injectable()
class Hs256Guard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization ?? '';
    try {
      await jwtVerify(header.replace(/^Bearer /, ''), key, { algorithms: ['HS256'] });
      return true;
    } catch {
      throw new UnauthorizedException();
    }
  }
}

@Controller('v1/accounts')
@UseGuards(Hs256Guard)
class AnchorController {
  @Post()
  async register(@Body() body: AccountBody) {
    await insert(body);
    return { accountId: body.accountId };
  }
}

@Module({ controllers: [AnchorController], providers: [Hs256Guard] })
class AnchorModule {}

async function main() {
  await pool.query('create table if not exists anchor_accounts (id text primary key, body jsonb not null)');
  const port = Number(process.env.PORT);
  if (process.env.ANCHOR === 'fastify') {
    const app = Fastify();
    app.post('/v1/accounts', async (request) => {
      const body = request.body as { accountId: string };
      await insert(body);
      return { accountId: body.accountId };
    });
    await app.listen({ port, host: '127.0.0.1' });
  } else {
    const app = await NestFactory.create<NestFastifyApplication>(AnchorModule, new FastifyAdapter(), { logger: false });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.listen({ port, host: '127.0.0.1' });
  }
  process.stdout.write(`anchor ${process.env.ANCHOR} listening\n`);
}

// The bench stops an anchor with SIGTERM: an exit of its own, so that node's --cpu-prof
// (BENCH_PROFILE) writes the profile, which a death by the signal would not.
process.once('SIGTERM', () => process.exit(0));

void main();
