import { conflict, Decider, normalizeName, notFound } from '@pp/platform';
import { AccountEmailEvent, AccountEvent, AccountType, BillingMode, normalizeEmail } from './account.events';

/** Billing standing of an account; `creditBalance` in minor units. */
export interface AccountStanding {
  readonly creditBalance: string;
  readonly currency: string;
  readonly usesServices: boolean;
  readonly hasDiscount: boolean;
  readonly onPoc: boolean;
  readonly isProviderCustomer: boolean;
  readonly recordedAt: string;
}

/** State of an `account-{id}` stream. */
export type AccountState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly accountId: string;
      /** As registered (trimmed): the address mails go to. */
      readonly email: string;
      /** {@link normalizeEmail} of `email` under today's rule, whatever rule the event was written under. */
      readonly normalizedEmail: string;
      readonly type: AccountType;
      readonly billing: BillingMode;
      readonly identity: { readonly legalName: string; readonly method: string; readonly verifiedAt: string } | null;
      readonly standing: AccountStanding | null;
    };

/** Commands of the account stream. Times are passed in, UTC. */
export type AccountCommand =
  | { readonly type: 'RegisterAccount'; readonly accountId: string; readonly email: string; readonly accountType: AccountType; readonly billing: BillingMode }
  | { readonly type: 'RecordIdentityVerification'; readonly accountId: string; readonly legalName: string; readonly method: string }
  | ({ readonly type: 'RecordAccountStanding'; readonly accountId: string } & Omit<AccountStanding, 'recordedAt'>);

/** RegisterAccount's context: who the e-mail's reservation stream names now (undefined for other commands). */
export interface AccountContext {
  readonly now: Date;
  /**
   * RegisterAccount: who holds the address's reservation (`account-email-{email}`), read with the
   * reservation stream as a condition of the append, and whether that holder is an account
   * registered with it (a reservation whose account was never written holds nothing).
   */
  readonly emailHolder?: { readonly holder: string | null; readonly holderOwnsEmail: boolean };
}

/**
 * Decider of `account-{accountId}`: accounts are fed by internal services (identity, billing).
 * Errors: `ACCOUNT_ALREADY_REGISTERED` (409), `EMAIL_ALREADY_REGISTERED` (409, the address's
 * reservation names another account), `ACCOUNT_NOT_FOUND` (404).
 */
export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent, AccountContext> = {
  initialState: { status: 'unregistered' },

  evolve(state, event) {
    switch (event.type) {
      case 'AccountRegistered': {
        const d = event.data;
        // Recomputed rather than read from the event: accounts registered before the rule changed compare like new ones.
        return { status: 'registered', accountId: d.accountId, email: d.email, normalizedEmail: normalizeEmail(d.email), type: d.type, billing: d.billing, identity: null, standing: null };
      }
      case 'AccountIdentityVerified':
        if (state.status !== 'registered') return state;
        return { ...state, identity: { legalName: event.data.legalName, method: event.data.method, verifiedAt: event.data.verifiedAt } };
      case 'AccountStandingRecorded': {
        if (state.status !== 'registered') return state;
        const { accountId: _id, ...standing } = event.data;
        return { ...state, standing };
      }
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterAccount': {
        if (state.status === 'registered') {
          // The same registration again (a retry without Idempotency-Key): nothing new to record.
          if (state.normalizedEmail === normalizeEmail(command.email) && state.type === command.accountType && state.billing === command.billing) return [];
          throw conflict('ACCOUNT_ALREADY_REGISTERED', `account ${command.accountId} is already registered`);
        }
        const email = context.emailHolder;
        if (email && email.holder !== null && email.holder !== command.accountId && email.holderOwnsEmail) {
          throw conflict('EMAIL_ALREADY_REGISTERED', 'an account with this e-mail address is already registered');
        }
        return [
          {
            type: 'AccountRegistered',
            data: { accountId: command.accountId, email: command.email.trim(), normalizedEmail: normalizeEmail(command.email), type: command.accountType, billing: command.billing },
          },
        ];
      }
      case 'RecordIdentityVerification':
        if (state.status !== 'registered') throw notFound('ACCOUNT_NOT_FOUND', `account ${command.accountId} is not registered`);
        return [{ type: 'AccountIdentityVerified', data: { accountId: command.accountId, legalName: normalizeName(command.legalName), method: command.method, verifiedAt: context.now.toISOString() } }];
      case 'RecordAccountStanding': {
        if (state.status !== 'registered') throw notFound('ACCOUNT_NOT_FOUND', `account ${command.accountId} is not registered`);
        const { type: _t, ...standing } = command;
        return [{ type: 'AccountStandingRecorded', data: { ...standing, recordedAt: context.now.toISOString() } }];
      }
    }
  },
};

/** State of an `account-email-{email}` reservation stream: who holds the address, if anyone. */
export type EmailReservationState = { readonly holder: string | null; readonly reservedAt: string | null };

/**
 * Reserve the address for `accountId`. `holderOwnsEmail` says whether the current holder's account
 * really was registered with this address: a holder that is not (its registration failed half-way
 * and its release never happened) does not keep the address.
 */
export type EmailReservationCommand =
  | { readonly type: 'ReserveEmail'; readonly normalizedEmail: string; readonly accountId: string; readonly now: Date }
  | { readonly type: 'ReleaseEmail'; readonly normalizedEmail: string; readonly accountId: string };

/**
 * Decider of the e-mail reservation stream that keeps account e-mails unique, case-insensitively,
 * also under concurrent registrations (the stream's expected revision serialises them).
 * Error: `EMAIL_ALREADY_REGISTERED` (409).
 */
export const emailReservationDecider: Decider<EmailReservationCommand, EmailReservationState, AccountEmailEvent, { holderOwnsEmail: boolean }> = {
  initialState: { holder: null, reservedAt: null },
  evolve(state, event) {
    switch (event.type) {
      case 'AccountEmailReserved':
        return { holder: event.data.accountId, reservedAt: event.data.reservedAt };
      case 'AccountEmailReleased':
        return state.holder === event.data.accountId ? { holder: null, reservedAt: null } : state;
    }
  },
  decide(command, state, { holderOwnsEmail }) {
    switch (command.type) {
      case 'ReserveEmail':
        if (state.holder === command.accountId) return [];
        if (state.holder !== null && holderOwnsEmail) throw conflict('EMAIL_ALREADY_REGISTERED', 'an account with this e-mail address is already registered');
        return [{ type: 'AccountEmailReserved', data: { normalizedEmail: command.normalizedEmail, accountId: command.accountId, reservedAt: command.now.toISOString() } }];
      case 'ReleaseEmail':
        return state.holder === command.accountId ? [{ type: 'AccountEmailReleased', data: { normalizedEmail: command.normalizedEmail, accountId: command.accountId } }] : [];
    }
  },
};
