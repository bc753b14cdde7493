import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** DI token of the secret invitation tokens are derived with. */
export const INVITATION_SECRET = Symbol('InvitationSecret');

/** A new invitation's id, its token (for the e-mail only) and the token's hash (for the stream). */
export interface IssuedInvitation {
  readonly invitationId: string;
  readonly token: string;
  readonly tokenHash: string;
}

/**
 * Invitation tokens (SPEC section 4: random, single use, only the hash stored). The invitation id is
 * 128 random bits; the token is HMAC-SHA256(secret, invitation id), 256 bits, base64url. Only
 * SHA-256(token) is stored, in the customer stream and nowhere else. The e-mail reactor, which reads
 * the log long after the command, derives the token again from the invitation id and the secret, so
 * the token itself never has to be written down anywhere; without the secret the stored data does not
 * yield it.
 */
@Injectable()
export class InvitationTokens {
  constructor(@Inject(INVITATION_SECRET) private readonly secret: string) {}

  issue(): IssuedInvitation {
    const invitationId = randomBytes(16).toString('hex');
    const token = this.tokenFor(invitationId);
    return { invitationId, token, tokenHash: InvitationTokens.hash(token) };
  }

  /** The token of an invitation, for its e-mail. */
  tokenFor(invitationId: string): string {
    return createHmac('sha256', this.secret).update(`invitation:${invitationId}`).digest('base64url');
  }

  /** SHA-256 of a token, hex: what the stream keeps and what an answer is checked against. */
  static hash(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }
}
