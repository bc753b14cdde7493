/** A language the partner portal speaks; the partner picks one at registration. */
export type Language = 'en' | 'vi' | 'zh';

/** ISO 4217 codes the shipped programs settle in. */
export type CurrencyCode = 'VND' | 'CNY';

/** Identifier of a shipped program preset (`PROGRAM`). */
export type ProgramId = 'vngcloud' | 'greennode';

/**
 * One provider's partner-program policy, as data (SPEC section 2). A deployment serves one program,
 * chosen by `PROGRAM`; code never branches on the program's name, only on these fields.
 */
export interface ProgramPreset {
  readonly id: ProgramId;
  /** Provider name as the partner sees it in e-mails. */
  readonly displayName: string;
  readonly currency: CurrencyCode;
  /** Languages offered; the first is the default. */
  readonly languages: readonly Language[];
  /** ISO 3166 country whose public holidays are not business days (date-holidays). */
  readonly holidayCountry: string;
  /** IANA time zone in which business days begin and end. */
  readonly timeZone: string;
  /** Extra non-working days announced by the provider (e.g. a longer Tết break), `YYYY-MM-DD` local. */
  readonly extraClosures: readonly string[];
  /** Business days the provider's staff take to approve or reject an application. */
  readonly reviewSlaBusinessDays: number;
  /** Version of the partner terms and conditions an applicant must accept now. */
  readonly termsVersion: string;
  /** Days a customer invitation stays valid. */
  readonly invitationLifetimeDays: number;
  /** Courses (ids) a partner must complete. */
  readonly requiredCourses: readonly string[];
  /** Calendar months of assessment after approval; null where the program has none. */
  readonly assessmentMonths: number | null;
  /** Words a partner's company name may not contain. */
  readonly brandWords: readonly string[];
  /** Highest discount a partner may give a customer, percent as a decimal string. */
  readonly discountCapPercent: string;
  /** The provider documents this preset comes from. */
  readonly sources: readonly string[];
}
