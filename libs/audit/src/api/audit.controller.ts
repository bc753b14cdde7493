import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pp/auth';
import { customerDecider, CustomerState, customerStream, priceListInEffect } from '@pp/customers';
import { EVENT_STORE, EventStore, hasEventCounting } from '@pp/event-store';
import { partnerDecider, partnerStream } from '@pp/partners';
import { ApiProblems, CommandContext, Ctx, DomainError, READ_UNAVAILABLE } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { DateTime } from 'luxon';
import { AuditLogQueries, AuditPage } from '../application/audit-log.queries';
import { StateAsOf, stateAsOf } from '../application/state-as-of.query';
import { verifyLog, verifyStream, type VerificationReport } from '../verify-chain';
import { AsOfQuery, AuditPageView, CustomerPriceListAsOf, CustomerStateAsOfView, GlobalEventsQuery, IntegrityQuery, IntegrityView, StateAsOfView, StreamEventsQuery, StreamIdParam, SubjectParam } from './audit.dto';

/** Most events the integrity route walks for the whole log; beyond, `npm run audit:verify` does it. */
export const INTEGRITY_WALK_LIMIT = 100_000;

/**
 * History for auditors (SPEC section 8): one stream's events, the global log from a position, and a
 * partner or customer relationship as it stood at a time, with every metadata field, straight from
 * the event store.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
@Roles('auditor')
@ApiProblems(401, 403)
export class AuditController {
  constructor(
    private readonly log: AuditLogQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  @Get('streams/:streamId/events')
  @ApiOkResponse({ type: AuditPageView, description: 'an empty page for a stream that holds no event' })
  @ApiProblems(400, [503, ...READ_UNAVAILABLE])
  async stream(@Param() { streamId }: StreamIdParam, @Query() query: StreamEventsQuery): Promise<AuditPage> {
    await this.log.reach(query.minPosition);
    return this.log.streamPage(streamId, query);
  }

  /** A partner as it stood at `asOf`: its stream folded by the same decider the commands use. */
  @Get('partners/:id')
  @ApiOkResponse({ type: StateAsOfView })
  @ApiProblems(400, [404, 'SUBJECT_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  async partnerAsOf(@Param() { id }: SubjectParam, @Query() query: AsOfQuery, @Ctx() ctx: CommandContext): Promise<StateAsOf> {
    await this.log.reach(query.minPosition);
    return stateAsOf(this.store, partnerStream(id), id, partnerDecider, query.asOf ?? ctx.now.toISOString());
  }

  /**
   * A customer relationship as it stood at `asOf`, with the price list that billed it then (issue
   * 17): the assignment in effect in the month of `asOf` (program time zone), else the program's
   * default; null unless it was an approved customer then.
   */
  @Get('customers/:id')
  @ApiOkResponse({ type: CustomerStateAsOfView })
  @ApiProblems(400, [404, 'SUBJECT_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  async customerAsOf(@Param() { id }: SubjectParam, @Query() query: AsOfQuery, @Ctx() ctx: CommandContext): Promise<StateAsOf & { priceList: CustomerPriceListAsOf | null }> {
    await this.log.reach(query.minPosition);
    const asOf = query.asOf ?? ctx.now.toISOString();
    const folded = await stateAsOf(this.store, customerStream(id), id, customerDecider, asOf);
    const month = DateTime.fromISO(asOf, { zone: this.program.timeZone }).toFormat('yyyy-MM');
    return { ...folded, priceList: priceListInEffect(folded.state as CustomerState, month, this.program.defaultPriceListId) };
  }

  @Get('events')
  @ApiOkResponse({ type: AuditPageView })
  @ApiProblems(400, [503, ...READ_UNAVAILABLE])
  async global(@Query() query: GlobalEventsQuery): Promise<AuditPage> {
    if (query.from && query.to && query.from >= query.to) throw new DomainError('VALIDATION_FAILED', 'invalid', 'from must be before to', { errors: [{ field: 'from', messages: ['from must be before to'] }] });
    await this.log.reach(query.minPosition);
    return this.log.globalPage(query);
  }

  /**
   * The integrity chain of one stream, or of the whole log up to {@link INTEGRITY_WALK_LIMIT} events
   * (the console's integrity status).
   * @throws DomainError `LOG_TOO_LARGE_TO_VERIFY` (422) for a larger log: `npm run audit:verify` walks it.
   */
  @Get('integrity')
  @ApiOkResponse({ type: IntegrityView })
  @ApiProblems(400, [422, 'LOG_TOO_LARGE_TO_VERIFY'], 503)
  async integrity(@Query() query: IntegrityQuery): Promise<IntegrityView> {
    if (query.streamId) return view(query.streamId, await verifyStream(this.store, query.streamId));
    const total = hasEventCounting(this.store) ? await this.store.countEvents() : undefined;
    if (total === undefined || total > BigInt(INTEGRITY_WALK_LIMIT)) {
      throw new DomainError('LOG_TOO_LARGE_TO_VERIFY', 'rule', `the log holds ${total ?? 'an unknown number of'} events, more than ${INTEGRITY_WALK_LIMIT} are walked here: run npm run audit:verify`, { limit: INTEGRITY_WALK_LIMIT });
    }
    return view(null, await verifyLog(this.store));
  }
}

const view = (streamId: string | null, report: VerificationReport): IntegrityView => ({
  streamId,
  events: report.events,
  streams: report.streams,
  unchained: report.unchained,
  verified: report.firstBreak === null,
  firstBroken: report.firstBreak,
});
