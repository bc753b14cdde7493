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
  holidayYears: [
    {
      year: 2025,
      notice: 'Văn phòng Chính phủ 8726/VPCP-KGVX, 26 November 2024 (the Prime Minister approves the 2025 Tết and holiday plan); Bộ Lao động - Thương binh và Xã hội, plan of 3 December 2024; Bộ Nội vụ, National Day 2025 (August 2025)',
      sources: [
        'en.sggp.org.vn, 2024-11-27 and 2024-12-04: Tết 25 January to 2 February, the five Tết days 27-31 January; 30 April to 4 May',
        'vietcetera.com, 2025 holiday schedule: Friday 2 May swapped with Saturday 26 April; Hùng Kings Monday 7 April',
        'vietnamnews.vn, 2025-08-04: National Day 30 August to 2 September (1 and 2 September off)',
      ],
      daysOff: ['2025-01-01', '2025-01-25..2025-02-02', '2025-04-07', '2025-04-30..2025-05-04', '2025-08-30..2025-09-02'],
      workingDays: ['2025-04-26'],
    },
    {
      year: 2026,
      notice: 'Bộ Nội vụ Thông báo 9441/TB-BNV, 16 October 2025 (Tết and National Day 2026); Văn phòng Chính phủ 12729/VPCP-KGVX, 25 December 2025 (New Year 2026)',
      sources: [
        'vietnamnews.vn, 2025-10-17 and vietnam.vn (Hải Phòng, citing 9441/TB-BNV): Tết 14-22 February (16-20 February off); National Day 29 August to 2 September, Monday 31 August paid back on Saturday 22 August',
        'collector.com.tr / tracuuquyhoach.com citing 12729/VPCP-KGVX: New Year 1-4 January, Friday 2 January paid back on Saturday 10 January',
        'Labour Code 2019, art. 111(3): a holiday on a weekly rest day is taken on the next working day; Hùng Kings (26 April, a Sunday) on Monday 27 April (thanhnien.vn, 2026-02-23)',
      ],
      daysOff: ['2026-01-01..2026-01-04', '2026-02-14..2026-02-22', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-29..2026-09-02'],
      workingDays: ['2026-01-10', '2026-08-22'],
    },
    {
      year: 2027,
      notice: null,
      sources: [
        'No Government notice on 2027 was found when this was written: the five Tết days (Tết Đinh Mùi, 6 February 2027) and the second day of National Day are chosen by the Government, so only the days of date-holidays apply until it is added',
      ],
      daysOff: [],
      workingDays: [],
    },
  ],
  reviewSlaBusinessDays: 3,
  termsVersion: '2023-07',
  invitationLifetimeDays: 7,
  requiredCourses: [],
  assessmentMonths: null,
  brandWords: [],
  brandWholeWords: [],
  brandLookAlikes: {},
  brandExceptions: [],
  discountCapPercent: '20',
  defaultPriceListId: 'vngcloud-standard',
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
  defaultPriceListId: 'greennode-standard',
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
  extraClosures: [],
  extraWorkingDays: [],
  ignoredHolidays: ['六一儿童节'],
  holidayYears: [
    {
      year: 2025,
      notice: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 12 November 2024)',
      sources: ['The notice as published by Xinhua on 12 November 2024 (新华网)'],
      daysOff: ['2025-01-01', '2025-01-28..2025-02-04', '2025-04-04..2025-04-06', '2025-05-01..2025-05-05', '2025-05-31..2025-06-02', '2025-10-01..2025-10-08'],
      workingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
    {
      year: 2026,
      notice: '国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025)',
      sources: ['The notice as published by Xinhua on 4 November 2025 (politics.gmw.cn/2025-11/04/content_38391083.htm)'],
      daysOff: ['2026-01-01..2026-01-03', '2026-02-15..2026-02-23', '2026-04-04..2026-04-06', '2026-05-01..2026-05-05', '2026-06-19..2026-06-21', '2026-09-25..2026-09-27', '2026-10-01..2026-10-07'],
      workingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
    {
      year: 2027,
      notice: null,
      sources: [
        '全国年节及纪念日放假办法 (revised November 2024): Spring Festival is New Year\'s Eve to the 3rd day (5-8 February 2027), Labour Day 1 and 2 May; date-holidays has only three days and one',
        'No State Council notice on 2027 was found when this was written: its longer breaks and make-up working days are not known',
      ],
      daysOff: ['2027-02-08', '2027-05-02'],
      workingDays: [],
    },
  ],
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
  // The provider's own scenario applies as 成都小微信息技术有限公司 and is refused only for its thresholds.
  brandExceptions: ['小微信息'],
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
  defaultPriceListId: 'tencentcloud-standard',
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
