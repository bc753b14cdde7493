/** A language the partner portal speaks; the partner picks one at registration. */
export type Language = 'en' | 'vi' | 'zh';

/** ISO 4217 codes the shipped programs settle in. */
export type CurrencyCode = 'VND' | 'CNY';

/** Identifier of a shipped program preset (`PROGRAM`). */
export type ProgramId = 'vngcloud' | 'greennode' | 'tencentcloud';

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
  /** The provider's own closures beyond the government's (an office moving, a company holiday), `YYYY-MM-DD` local; the government's days go in {@link ProgramPreset.holidayYears}. */
  readonly extraClosures: readonly string[];
  /** Weekend days the provider works beyond the government's make-up days, `YYYY-MM-DD` local. */
  readonly extraWorkingDays: readonly string[];
  /** Public holidays of the library that only some people have off (e.g. Children's Day in China), by name. */
  readonly ignoredHolidays: readonly string[];
  /**
   * The government's arrangement of each year (days off and make-up working days), which the
   * holiday library does not carry; one entry a year, added when the notice is published
   * (docs/business-days.md).
   */
  readonly holidayYears: readonly HolidayYear[];
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
  /**
   * Brand words a partner's company name may not contain or be confused with, matched anywhere in the
   * name after folding width, case, Traditional forms and `brandLookAlikes` (see the partners domain's
   * `brandConflicts`); words with Chinese characters also across spaces and punctuation.
   */
  readonly brandWords: readonly string[];
  /** Brand words too short to match inside other words (QQ): matched only as a Latin word of their own. */
  readonly brandWholeWords: readonly string[];
  /**
   * Characters that imitate a brand word's character, by the character they imitate (`迅` → `讯`,
   * Cyrillic `е` → `e`); a name is read with them replaced. Kept to characters whose replacement
   * cannot turn an ordinary name into a brand word (not 徽 for 微: 安徽信息 is a province's company).
   */
  readonly brandLookAlikes: Readonly<Record<string, string>>;
  /**
   * Ordinary phrases in which a brand word's characters happen to stand together without meaning the
   * brand (小微信息, "small and micro information", holds 微信): taken out of a name before Chinese
   * brand words are matched.
   */
  readonly brandExceptions: readonly string[];
  /** Highest discount a partner may give a customer, percent as a decimal string. */
  readonly discountCapPercent: string;
  /**
   * Id of the price list (`price-list-{id}`) a partner's approved customer is billed by while its
   * partner assigned none (seed 003: "manage customer's credits, price lists"; the seeds name no
   * list, so the id is an assumption the provider's pricing system publishes under, docs/price-lists.md).
   */
  readonly defaultPriceListId: string;
  /** An applicant's enterprise identity (real name) must be verified first. */
  readonly requireVerifiedIdentity: boolean;
  /** The company name applied with (and later changed to) must equal the verified legal name. */
  readonly requireLegalNameMatch: boolean;
  /** Minimums some partner types must meet; null where the program sets none. */
  readonly thresholds: PartnerThresholds | null;
  /** The provider documents this preset comes from. */
  readonly sources: readonly string[];
}

/**
 * One year of official days off in the program's country, as the government announced them, on top
 * of the public holidays of the library (date-holidays). China's State Council moves weekends every
 * year (调休: a longer Spring Festival and National Day, paid back on Saturdays or Sundays); Vietnam's
 * Government swaps days the same way (hoán đổi ngày làm việc, làm bù) and chooses the Tết days and
 * the second day of National Day (Labour Code 2019, art. 112).
 */
export interface HolidayYear {
  readonly year: number;
  /**
   * The notice the arrangement comes from (issuer, number, date), or null while it is not published:
   * then `daysOff` holds only the statutory days the library lacks and `workingDays` is empty, and
   * due times near the long holidays may come out earlier than the provider's staff will count them.
   */
  readonly notice: string | null;
  /** Every source of the days listed: the notice, the law, where each was read. */
  readonly sources: readonly string[];
  /** Local days off: `YYYY-MM-DD`, or an inclusive range `YYYY-MM-DD..YYYY-MM-DD` copied from the notice (weekends inside are fine). */
  readonly daysOff: readonly string[];
  /** Saturdays and Sundays that are working days that year (make-up days), `YYYY-MM-DD` local. */
  readonly workingDays: readonly string[];
}

/** Minimum size of an applicant of the listed partner types (seed 004: 代理、行业类合作伙伴有以下门槛). */
export interface PartnerThresholds {
  /** Partner types the thresholds apply to. */
  readonly partnerTypes: readonly string[];
  /** Registered capital at least this, in minor units of the program currency (decimal string). */
  readonly minRegisteredCapital: string;
  readonly minStaff: number;
  readonly minTechnicalStaff: number;
  /** A mature customer-operations system is required (成熟客户运营体系). */
  readonly requireCustomerOperations: boolean;
  /** An after-sales service system is required (售后服务体系). */
  readonly requireAfterSalesService: boolean;
}
