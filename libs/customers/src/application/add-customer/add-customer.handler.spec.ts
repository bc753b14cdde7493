import { AccountDirectory, accountEmailStream, accountStream, normalizeEmail } from '@pp/accounts';
import { InMemoryEventStore } from '@pp/event-store';
import { PartnerDirectory } from '@pp/partners';
import { CommandContext, CommandPipeline, DomainError, withCommandReads } from '@pp/platform';
import { PROGRAM_PRESETS } from '@pp/programs';
import { randomUUID } from 'node:crypto';
import { CustomerStream } from '../customer-stream';
import { InvitationTokens } from '../invitation-tokens';
import { AddCustomerCommand } from './add-customer.command';
import { AddCustomerHandler } from './add-customer.handler';

const now = new Date('2026-11-23T03:00:00Z');
const context: CommandContext = { actor: { role: 'partner', id: 'p' }, now, correlationId: 'c', causationId: 'r' };

/** The handler on an in-memory log, with accounts registered through their own handler and a partner's stream written as events. */
async function setUp(partnerStatus: 'approved' | 'suspended') {
  const store = new InMemoryEventStore();
  const pipeline = new CommandPipeline(store);
  const program = PROGRAM_PRESETS.vngcloud;
  const partners = new PartnerDirectory(pipeline);
  const accounts = new AccountDirectory(pipeline);
  const meta = { schemaVersion: 1 };
  const account = async (billing: 'prepaid' | 'postpaid' = 'prepaid') => {
    const id = `acc-${randomUUID().slice(0, 8)}`;
    const email = `${id}@example.vn`;
    const normalizedEmail = normalizeEmail(email);
    await store.appendToStream(accountEmailStream(normalizedEmail), [{ eventId: randomUUID(), type: 'AccountEmailReserved', data: { normalizedEmail, accountId: id, reservedAt: now.toISOString() }, metadata: meta }], { expectedRevision: 'no_stream' });
    await store.appendToStream(accountStream(id), [{ eventId: randomUUID(), type: 'AccountRegistered', data: { accountId: id, email, normalizedEmail, type: 'enterprise', billing }, metadata: meta }], { expectedRevision: 'no_stream' });
    return { id, email };
  };
  const partnerId = `partner-${randomUUID().slice(0, 8)}`;
  await store.appendToStream(
    `partner-${partnerId}`,
    [
      { eventId: randomUUID(), type: 'PartnerRegistrationSubmitted', data: { partnerId, submittedAt: now.toISOString(), approvalDueAt: now.toISOString() }, metadata: meta },
      { eventId: randomUUID(), type: 'PartnerApproved', data: { partnerId, approvedAt: now.toISOString(), assessmentEndsAt: null }, metadata: meta },
      ...(partnerStatus === 'suspended' ? [{ eventId: randomUUID(), type: 'PartnerSuspended', data: { partnerId, reason: 'x', suspendedAt: now.toISOString() }, metadata: meta }] : []),
    ],
    { expectedRevision: 'no_stream' },
  );
  const tokens = new InvitationTokens('a'.repeat(40));
  const handler = new AddCustomerHandler(new CustomerStream(pipeline, partners, program), pipeline, partners, accounts, tokens, { balanceOf: async () => 0n });
  return { store, handler, account, partnerId };
}

describe(AddCustomerHandler.name, () => {
  it('decides every row on its own: a bad row never stops the others, and each gets its own result in input order', async () => {
    const { store, handler, account, partnerId } = await setUp('approved');
    const [a, b, postpaid] = [await account(), await account(), await account('postpaid')];
    const answer = await handler.execute(
      new AddCustomerCommand(
        partnerId,
        [
          { email: a.email, commonName: 'A' },
          { email: 'nobody@example.vn', commonName: 'N' },
          { email: postpaid.email, commonName: 'P' },
          { email: a.email.toUpperCase(), commonName: 'A again' },
          { email: b.email, commonName: 'B' },
        ],
        context,
      ),
    );
    expect(answer.rows).toEqual([
      { email: a.email, result: 'invited', accountId: a.id },
      { email: 'nobody@example.vn', result: 'rejected', code: 'ACCOUNT_NOT_FOUND' },
      { email: postpaid.email, result: 'rejected', code: 'ACCOUNT_NOT_PREPAID' },
      { email: a.email.toUpperCase(), result: 'rejected', code: 'DUPLICATE_IN_BATCH' },
      { email: b.email, result: 'invited', accountId: b.id },
    ]);
    const last = (await store.readStream(`customer-${b.id}`))[0];
    expect(answer.position).toBe(last.position.toString());
    expect(await store.readStream(`customer-${postpaid.id}`)).toEqual([]);
    expect((await store.readStream(`customer-${a.id}`))[0].metadata.command).toBe('AddCustomer');
  });

  it('refuses the whole batch of a partner that does not operate, writing nothing', async () => {
    const { store, handler, account, partnerId } = await setUp('suspended');
    const a = await account();
    const error = await handler.execute(new AddCustomerCommand(partnerId, [{ email: a.email, commonName: 'A' }], context)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('PARTNER_NOT_ACTIVE');
    expect(await store.readStream(`customer-${a.id}`)).toEqual([]);
  });

  it('reads each stream once for a one-row AddCustomer in a command scope (as every HTTP command runs), in three round trips', async () => {
    const { store, handler, account, partnerId } = await setUp('approved');
    const a = await account();
    const reads = new Map<string, number>();
    const trips: string[][] = [];
    const count = (streamIds: readonly string[]) => {
      trips.push([...streamIds]);
      for (const id of streamIds) reads.set(id, (reads.get(id) ?? 0) + 1);
    };
    const readStream = store.readStream.bind(store);
    store.readStream = async (streamId, options) => {
      count([streamId]);
      return readStream(streamId, options);
    };
    const readStreams = store.readStreams.bind(store);
    store.readStreams = async (streamIds) => {
      count(streamIds);
      return readStreams(streamIds);
    };
    const answer = await withCommandReads(() => handler.execute(new AddCustomerCommand(partnerId, [{ email: a.email, commonName: 'A' }], context)));
    expect(answer.rows[0].result).toBe('invited');
    // Before issue 16: the partner, the account and the customer were read twice each.
    expect([...reads.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect([...reads.keys()].sort()).toEqual([`partner-${partnerId}`, `partner-${a.id}`, accountEmailStream(normalizeEmail(a.email)), accountStream(a.id), `customer-${a.id}`].sort());
    // The partner with the row's reservation, then the reservation's holder, then the row's own streams.
    expect(trips).toEqual([[`partner-${partnerId}`, accountEmailStream(normalizeEmail(a.email))], [accountStream(a.id)], [`customer-${a.id}`, `partner-${a.id}`]]);
  });
});
