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
  reviewSlaBusinessDays: 3,
  termsVersion: '2023-07',
  invitationLifetimeDays: 7,
  requiredCourses: [],
  assessmentMonths: null,
  brandWords: [],
  discountCapPercent: '20',
  sources: ['000 Đăng ký Đối tác', '001 Partner Registration', '003 Registration of Partner\'s Customer'],
};

/** GreenNode, VNG's AI cloud: the same flow as VNG Cloud. Source: seed 002 (GreenNode partner registration). */
export const greennode: ProgramPreset = {
  ...vngcloud,
  id: 'greennode',
  displayName: 'GreenNode',
  sources: ['002 GreenNode Partner Registration', '003 Registration of Partner\'s Customer'],
};

/** Every shipped preset by id. */
export const PROGRAM_PRESETS: Readonly<Record<ProgramId, ProgramPreset>> = { vngcloud, greennode };

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
