import { ProgramId, ProgramPreset } from './program-preset';

/**
 * VNG Cloud. Source: seeds 000/001 (Partner Registration: English or Vietnamese, enterprise
 * accounts only, terms and conditions, "within 3 business days"), 003 (Registration of Partner's
 * Customer). The terms version is the one in force when the published flow was documented (2023-07).
 */
export const vngcloud: ProgramPreset = {
  id: 'vngcloud',
  displayName: 'VNG Cloud',
  currency: 'VND',
  languages: ['vi', 'en'],
  holidayCountry: 'VN',
  timeZone: 'Asia/Ho_Chi_Minh',
  extraClosures: [],
  extraWorkingDays: [],
  ignoredHolidays: [],
  reviewSlaBusinessDays: 3,
  termsVersion: '2023-07',
  invitationLifetimeDays: 7,
  requiredCourses: [],
  assessmentMonths: null,
  brandWords: [],
  brandWholeWords: [],
  brandLookAlikes: {},
  discountCapPercent: '20',
  requireVerifiedIdentity: false,
  requireLegalNameMatch: false,
  thresholds: null,
  sources: ['000 Đăng ký Đối tác', '001 Partner Registration', '003 Registration of Partner\'s Customer'],
};

/** GreenNode, VNG's AI cloud: the same flow as VNG Cloud. Source: seed 002 (GreenNode partner registration). */
export const greennode: ProgramPreset = {
  ...vngcloud,
  id: 'greennode',
  displayName: 'GreenNode',
  sources: ['002 GreenNode Partner Registration', '003 Registration of Partner\'s Customer'],
};

/**
 * Tencent Cloud. Source: seed 004 (腾讯云合作伙伴申请): enterprise real-name verification before
 * applying (步骤二), company name equal to the business licence and the verified name (步骤三 notes),
 * no conflict with the Tencent brand (申请条件), thresholds for agent and industry partners
 * (注册资本人民币100万元以上, 20人以上, 2人以上技术团队, 客户运营体系, 售后服务体系), an assessment of
 * 3 calendar months after approval (合作伙伴的考核), the required course (合作伙伴必修课).
 */
export const tencentcloud: ProgramPreset = {
  id: 'tencentcloud',
  displayName: '腾讯云 Tencent Cloud',
  currency: 'CNY',
  languages: ['zh', 'en'],
  holidayCountry: 'CN',
  timeZone: 'Asia/Shanghai',
  // Statutory days date-holidays lacks since the 2024 revision of the national holiday rules (Spring
  // Festival runs from New Year's Eve to the 3rd day, Labour Day covers 1 and 2 May). The State
  // Council's yearly arrangement (a week for Spring Festival and National Day, with make-up working
  // weekends) is added here as data when it is announced.
  extraClosures: ['2026-02-19', '2026-05-02', '2027-02-08', '2027-05-02'],
  extraWorkingDays: [],
  ignoredHolidays: ['六一儿童节'],
  reviewSlaBusinessDays: 3,
  termsVersion: '2024-01',
  invitationLifetimeDays: 7,
  requiredCourses: ['partner-required-101'],
  assessmentMonths: 3,
  // 申请条件: 公司名称、商号等与腾讯云、腾讯品牌不存在冲突或混淆. The company name and its Tencent
  // brands (the seed names 微信 and QQ as sign-in options; 财付通 is Tencent's payment brand).
  // Traditional forms (騰訊, 財付通) are caught by folding; 騰訊 stays listed as the seed's readers expect it.
  brandWords: ['腾讯', 'Tencent', '騰訊', '腾讯云', '微信', 'WeChat', '财付通', 'Tenpay'],
  brandWholeWords: ['QQ'],
  brandLookAlikes: {
    // Characters people put in 腾讯's place: same sound and shape (迅, 汛 for 讯), 腾 with another radical (滕, 藤).
    迅: '讯',
    汛: '讯',
    滕: '腾',
    藤: '腾',
    // Cyrillic and Greek letters drawn like Latin ones (Теncеnt); lower case, as names are read.
    а: 'a',
    е: 'e',
    о: 'o',
    р: 'p',
    с: 'c',
    т: 't',
    х: 'x',
    ο: 'o',
  },
  discountCapPercent: '20',
  requireVerifiedIdentity: true,
  requireLegalNameMatch: true,
  thresholds: {
    partnerTypes: ['agent', 'industry'],
    minRegisteredCapital: '100000000',
    minStaff: 20,
    minTechnicalStaff: 2,
    requireCustomerOperations: true,
    requireAfterSalesService: true,
  },
  sources: ['004 腾讯云合作伙伴申请'],
};

/** Every shipped preset by id. */
export const PROGRAM_PRESETS: Readonly<Record<ProgramId, ProgramPreset>> = { vngcloud, greennode, tencentcloud };

/** DI token of the deployment's {@link ProgramPreset}. */
export const PROGRAM = Symbol('ProgramPreset');

/**
 * The preset named by `PROGRAM`.
 * @throws Error naming the variable when the id is unknown.
 */
export function programPreset(id: string): ProgramPreset {
  const preset = (PROGRAM_PRESETS as Record<string, ProgramPreset>)[id];
  if (!preset) throw new Error(`PROGRAM must be one of ${Object.keys(PROGRAM_PRESETS).join(', ')}; got "${id}"`);
  return preset;
}
