import { Language } from '@pp/programs';
import { CURRENCY_EXPONENT } from '@pp/platform';
import { DateTime } from 'luxon';

/** The mails the program sends (issue 3, SPEC sections 3 and 4; the assessment result and an invitation withdrawn, issue 12; credit alerts, issue 18). */
export const MAIL_KINDS = [
  'partner_registration_received',
  'partner_approved',
  'partner_rejected',
  'partner_assessment_passed',
  'partner_assessment_failed',
  'partner_suspended',
  'partner_reinstated',
  'partner_terminated',
  'customer_invitation',
  'customer_approved',
  'customer_rejected',
  'customer_invitation_withdrawn',
  'webhook_subscription_failing',
  'partner_credit_threshold_crossed',
] as const;

/** One of {@link MAIL_KINDS}: the outbox row's `kind`. */
export type MailKind = (typeof MAIL_KINDS)[number];

/** What a template may use. Times UTC ISO-8601 (shown in the program's time zone). */
export interface MailValues {
  provider: string;
  partnerName?: string;
  reason?: string;
  /** The reviewer's notes on an assessment. */
  notes?: string;
  /** What a failed assessment led to. */
  outcome?: 'suspended' | 'terminated';
  approvalDueAt?: string;
  assessmentEndsAt?: string;
  customerName?: string;
  customerEmail?: string;
  confirmationLink?: string;
  token?: string;
  expiresAt?: string;
  /** A webhook subscription's URL, and why and since when its deliveries fail (issue 18). */
  webhookUrl?: string;
  subscriptionId?: string;
  failingSince?: string;
  lastError?: string;
  /** The log position of the first event not delivered: where a redelivery starts. */
  stuckAt?: string;
  /** A credit alert's threshold: a whole percent used, or (instead) an amount left; amounts are decimal strings in `currency`. */
  thresholdUsedPercent?: string;
  thresholdAvailableBelow?: string;
  /** The pool when the alert was crossed: percent allocated (a decimal string, e.g. `72.5`) and amounts. */
  usedPercent?: string;
  deposited?: string;
  allocated?: string;
  available?: string;
  currency?: string;
  crossedAt?: string;
}

/** A rendered mail. */
export interface RenderedMail {
  subject: string;
  text: string;
}

/** How a mail is rendered beyond its values. */
export interface MailRendering {
  /** IANA time zone times are shown in: the program's (`ProgramPreset.timeZone`). */
  readonly timeZone: string;
}

type Template = (v: MailValues, date: (iso: string | undefined) => string, money: (amount: string | undefined) => string, percent: (text: string | undefined) => string) => RenderedMail;

const LOCALES: Record<string, string> = { en: 'en-GB', vi: 'vi-VN', zh: 'zh-CN' };

/**
 * An amount as a partner reads it, the way the console shows it: the API's decimal string in the
 * currency (`"5000000"` VND, `"12.50"` CNY) through Intl in the language's locale, exactly (a string,
 * never a float): en `₫5,000,000`, vi `5.000.000 ₫`, zh `¥12.50`. Spaces Intl puts in are no-break spaces.
 */
export function formatMailMoney(amount: string, currency: string, language: string): string {
  const digits = CURRENCY_EXPONENT[currency] ?? 2;
  return new Intl.NumberFormat(LOCALES[language] ?? 'en-GB', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount as unknown as number);
}

const formatMailPercent = (text: string, language: string) => `${new Intl.NumberFormat(LOCALES[language] ?? 'en-GB', { maximumFractionDigits: 2 }).format(text as unknown as number)}${language === 'en' ? ' %' : '%'}`;

/** What a credit alert was set at, in words (en). */
const thresholdEn = (v: MailValues, money: (a: string | undefined) => string, percent: (t: string | undefined) => string) =>
  v.thresholdUsedPercent !== undefined ? `${percent(v.thresholdUsedPercent)} of your credit pool allocated` : `less than ${money(v.thresholdAvailableBelow)} left in your credit pool`;

/**
 * A UTC ISO-8601 time as a partner reads it: in the program's time zone, to the minute, with the
 * offset and the zone named, in the language's usual order: en `2026-12-08 23:59 (GMT+8,
 * Asia/Shanghai)`, vi `23:59 ngày 08/12/2026 (GMT+7, Asia/Ho_Chi_Minh)`, zh `2026年12月8日 23:59（GMT+8，Asia/Shanghai）`.
 * The offset is the one in force at that time (luxon, IANA data).
 * @throws RangeError for a time or a zone that luxon cannot read.
 */
export function formatMailTime(iso: string, language: string, timeZone: string): string {
  const at = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  if (!at.isValid) throw new RangeError(`cannot show ${iso} in ${timeZone}: ${at.invalidExplanation ?? at.invalidReason}`);
  const offset = at.toFormat("'GMT'Z");
  if (language === 'zh') return `${at.toFormat("yyyy'年'M'月'd'日' HH:mm")}（${offset}，${timeZone}）`;
  if (language === 'vi') return `${at.toFormat("HH:mm 'ngày' dd/MM/yyyy")} (${offset}, ${timeZone})`;
  return `${at.toFormat('yyyy-MM-dd HH:mm')} (${offset}, ${timeZone})`;
}

/**
 * Texts in the partner's language. Source of the wording: seed 001 ("An email announcing partner
 * registration request is awaiting approval"; "Within 3 business days ... announced to user via
 * email"), seed 000 in Vietnamese, seed 004 in Chinese, seed 003 (the confirmation request to the
 * customer). The invitation carries both the link and the token, for clients that cannot follow links.
 */
const TEMPLATES: Record<Language, Record<MailKind, Template>> = {
  en: {
    partner_registration_received: (v, date) => ({
      subject: `${v.provider} partner registration received`,
      text: `Hello ${v.partnerName},\n\nWe have received your request to become a ${v.provider} partner. It is awaiting approval; you will hear from us by ${date(v.approvalDueAt)}.\n\n${v.provider} Partner Team`,
    }),
    partner_approved: (v, date) => ({
      subject: `Welcome to the ${v.provider} partner program`,
      text: `Hello ${v.partnerName},\n\nYour partner registration has been approved. You can now sign in to the partner portal and manage your customers.${v.assessmentEndsAt ? `\nYour assessment period runs until ${date(v.assessmentEndsAt)}.` : ''}\n\n${v.provider} Partner Team`,
    }),
    partner_rejected: (v) => ({
      subject: `Your ${v.provider} partner registration`,
      text: `Hello ${v.partnerName},\n\nWe are sorry: your partner registration was not approved.\nReason: ${v.reason}\n\nYou may apply again once this is resolved.\n\n${v.provider} Partner Team`,
    }),
    partner_assessment_passed: (v) => ({
      subject: `You passed the ${v.provider} partner assessment`,
      text: `Hello ${v.partnerName},\n\nYour assessment period has ended and you passed it: you are now a ${v.provider} partner without restriction.\nReviewer's notes: ${v.notes}\n\n${v.provider} Partner Team`,
    }),
    partner_assessment_failed: (v) => ({
      subject: `Your ${v.provider} partner assessment`,
      text: `Hello ${v.partnerName},\n\nYour assessment period has ended and you did not pass it. ${v.outcome === 'terminated' ? 'Your partnership has been terminated.' : 'Your partnership has been suspended: you keep your customers, but cannot add customers or allocate credit until it is lifted.'}\nReviewer's notes: ${v.notes}\n\n${v.provider} Partner Team`,
    }),
    partner_suspended: (v) => ({
      subject: `Your ${v.provider} partnership is suspended`,
      text: `Hello ${v.partnerName},\n\nYour partnership has been suspended. You keep your customers, but cannot add customers or allocate credit until it is lifted.\nReason: ${v.reason}\n\n${v.provider} Partner Team`,
    }),
    partner_reinstated: (v) => ({
      subject: `Your ${v.provider} partnership is active again`,
      text: `Hello ${v.partnerName},\n\nThe suspension of your partnership has been lifted.\nReason: ${v.reason}\n\n${v.provider} Partner Team`,
    }),
    partner_terminated: (v) => ({
      subject: `Your ${v.provider} partnership has ended`,
      text: `Hello ${v.partnerName},\n\nYour partnership has been terminated.\nReason: ${v.reason}\n\n${v.provider} Partner Team`,
    }),
    customer_invitation: (v, date) => ({
      subject: `${v.partnerName} invites you to become its customer on ${v.provider}`,
      text: `Hello,\n\n${v.partnerName} (${v.provider} partner) asks you to confirm that your account ${v.customerEmail} becomes its customer.\n\nConfirm: ${v.confirmationLink}\nInvitation token: ${v.token}\n\nThe invitation expires at ${date(v.expiresAt)}. If you do not know this partner, decline or ignore this mail.\n\n${v.provider}`,
    }),
    customer_approved: (v) => ({
      subject: `${v.customerName} is now your customer`,
      text: `Hello ${v.partnerName},\n\n${v.customerName} (${v.customerEmail}) has been approved as your customer on ${v.provider}.\n\n${v.provider} Partner Team`,
    }),
    customer_rejected: (v) => ({
      subject: `${v.customerName} was not approved as your customer`,
      text: `Hello ${v.partnerName},\n\n${v.customerName} (${v.customerEmail}) was not approved as your customer.\nReason: ${v.reason}\n\n${v.provider} Partner Team`,
    }),
    webhook_subscription_failing: (v, date) => ({
      subject: `${v.provider}: webhook deliveries to ${v.webhookUrl} have stopped`,
      text: `Hello,\n\nDeliveries to your webhook subscription ${v.subscriptionId} (${v.webhookUrl}) have failed since ${date(v.failingSince)}, so they have stopped.\nLast error: ${v.lastError}\n\nNo event is lost: once the receiver works again, ask for a redelivery (POST /v1/webhooks/${v.subscriptionId}/redelivery with fromPosition ${v.stuckAt}, the first event not delivered) and every event from there is sent again, in order.\n\n${v.provider} Partner Team`,
    }),
    customer_invitation_withdrawn: (v) => ({
      subject: `The invitation from ${v.partnerName} was withdrawn`,
      text: `Hello,\n\nThe invitation from ${v.partnerName} (${v.provider} partner) for your account ${v.customerEmail} was withdrawn. Its link no longer works, and nothing changes on your account.${v.reason ? `\nReason: ${v.reason}` : ''}\n\n${v.provider}`,
    }),
    partner_credit_threshold_crossed: (v, date, money, percent) => ({
      subject: `${v.provider} credit alert: ${thresholdEn(v, money, percent)}`,
      text: `Hello ${v.partnerName},\n\nYour credit pool has reached an alert threshold you set: ${thresholdEn(v, money, percent)}.\nAt ${date(v.crossedAt)}: deposited ${money(v.deposited)}, allocated to customers ${money(v.allocated)} (${percent(v.usedPercent)}), available ${money(v.available)}.\n\nYou are alerted again if the pool comes back from this threshold and reaches it once more. You can change your thresholds in the partner portal.\n\n${v.provider} Partner Team`,
    }),
  },
  vi: {
    partner_registration_received: (v, date) => ({
      subject: `${v.provider}: đã nhận yêu cầu đăng ký đối tác`,
      text: `Xin chào ${v.partnerName},\n\nChúng tôi đã nhận được yêu cầu đăng ký trở thành đối tác ${v.provider} của bạn. Yêu cầu đang chờ phê duyệt; kết quả sẽ được gửi trước ${date(v.approvalDueAt)}.\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_approved: (v, date) => ({
      subject: `Chào mừng bạn đến với chương trình đối tác ${v.provider}`,
      text: `Xin chào ${v.partnerName},\n\nYêu cầu đăng ký đối tác của bạn đã được phê duyệt. Bạn có thể đăng nhập cổng đối tác để quản lý khách hàng.${v.assessmentEndsAt ? `\nThời gian đánh giá kéo dài đến ${date(v.assessmentEndsAt)}.` : ''}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_rejected: (v) => ({
      subject: `Kết quả đăng ký đối tác ${v.provider}`,
      text: `Xin chào ${v.partnerName},\n\nRất tiếc, yêu cầu đăng ký đối tác của bạn không được phê duyệt.\nLý do: ${v.reason}\n\nBạn có thể đăng ký lại sau khi khắc phục.\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_assessment_passed: (v) => ({
      subject: `Bạn đã đạt kỳ đánh giá đối tác ${v.provider}`,
      text: `Xin chào ${v.partnerName},\n\nThời gian đánh giá của bạn đã kết thúc và bạn đã đạt yêu cầu: bạn chính thức là đối tác ${v.provider}.\nNhận xét của người đánh giá: ${v.notes}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_assessment_failed: (v) => ({
      subject: `Kết quả đánh giá đối tác ${v.provider}`,
      text: `Xin chào ${v.partnerName},\n\nThời gian đánh giá của bạn đã kết thúc và bạn chưa đạt yêu cầu. ${v.outcome === 'terminated' ? 'Quan hệ đối tác của bạn đã bị chấm dứt.' : 'Tư cách đối tác của bạn đã bị tạm ngưng: bạn vẫn giữ khách hàng hiện có nhưng không thể thêm khách hàng hay phân bổ tín dụng cho đến khi được khôi phục.'}\nNhận xét của người đánh giá: ${v.notes}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_suspended: (v) => ({
      subject: `Tư cách đối tác ${v.provider} của bạn bị tạm ngưng`,
      text: `Xin chào ${v.partnerName},\n\nTư cách đối tác của bạn đã bị tạm ngưng. Bạn vẫn giữ khách hàng hiện có nhưng không thể thêm khách hàng hay phân bổ tín dụng cho đến khi được khôi phục.\nLý do: ${v.reason}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_reinstated: (v) => ({
      subject: `Tư cách đối tác ${v.provider} của bạn đã được khôi phục`,
      text: `Xin chào ${v.partnerName},\n\nViệc tạm ngưng tư cách đối tác của bạn đã được dỡ bỏ.\nLý do: ${v.reason}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    partner_terminated: (v) => ({
      subject: `Quan hệ đối tác ${v.provider} của bạn đã chấm dứt`,
      text: `Xin chào ${v.partnerName},\n\nQuan hệ đối tác của bạn đã bị chấm dứt.\nLý do: ${v.reason}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    customer_invitation: (v, date) => ({
      subject: `${v.partnerName} mời bạn trở thành khách hàng trên ${v.provider}`,
      text: `Xin chào,\n\n${v.partnerName} (đối tác của ${v.provider}) đề nghị bạn xác nhận tài khoản ${v.customerEmail} trở thành khách hàng của đối tác.\n\nXác nhận: ${v.confirmationLink}\nMã lời mời (token): ${v.token}\n\nLời mời hết hạn lúc ${date(v.expiresAt)}. Nếu bạn không biết đối tác này, hãy từ chối hoặc bỏ qua thư này.\n\n${v.provider}`,
    }),
    customer_approved: (v) => ({
      subject: `${v.customerName} đã trở thành khách hàng của bạn`,
      text: `Xin chào ${v.partnerName},\n\n${v.customerName} (${v.customerEmail}) đã được phê duyệt là khách hàng của bạn trên ${v.provider}.\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    customer_rejected: (v) => ({
      subject: `${v.customerName} không được phê duyệt là khách hàng của bạn`,
      text: `Xin chào ${v.partnerName},\n\n${v.customerName} (${v.customerEmail}) không được phê duyệt là khách hàng của bạn.\nLý do: ${v.reason}\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    webhook_subscription_failing: (v, date) => ({
      subject: `${v.provider}: đã dừng gửi webhook đến ${v.webhookUrl}`,
      text: `Xin chào,\n\nViệc gửi sự kiện đến đăng ký webhook ${v.subscriptionId} (${v.webhookUrl}) liên tục thất bại từ ${date(v.failingSince)} nên đã tạm dừng.\nLỗi gần nhất: ${v.lastError}\n\nKhông có sự kiện nào bị mất: khi máy nhận hoạt động trở lại, hãy yêu cầu gửi lại (POST /v1/webhooks/${v.subscriptionId}/redelivery với fromPosition ${v.stuckAt}, sự kiện đầu tiên chưa được gửi) và mọi sự kiện từ đó sẽ được gửi lại theo đúng thứ tự.\n\nĐội ngũ Đối tác ${v.provider}`,
    }),
    customer_invitation_withdrawn: (v) => ({
      subject: `Lời mời của ${v.partnerName} đã bị thu hồi`,
      text: `Xin chào,\n\nLời mời của ${v.partnerName} (đối tác của ${v.provider}) dành cho tài khoản ${v.customerEmail} đã bị thu hồi. Đường dẫn trong lời mời không còn hiệu lực và tài khoản của bạn không thay đổi.${v.reason ? `\nLý do: ${v.reason}` : ''}\n\n${v.provider}`,
    }),
    partner_credit_threshold_crossed: (v, date, money, percent) => {
      const what = v.thresholdUsedPercent !== undefined ? `đã phân bổ ${percent(v.thresholdUsedPercent)} quỹ tín dụng` : `quỹ tín dụng còn dưới ${money(v.thresholdAvailableBelow)}`;
      return {
        subject: `${v.provider}: cảnh báo tín dụng, ${what}`,
        text: `Xin chào ${v.partnerName},\n\nQuỹ tín dụng của bạn đã chạm ngưỡng cảnh báo bạn đã đặt: ${what}.\nTính đến ${date(v.crossedAt)}: đã nạp ${money(v.deposited)}, đã phân bổ cho khách hàng ${money(v.allocated)} (${percent(v.usedPercent)}), còn lại ${money(v.available)}.\n\nBạn sẽ được cảnh báo lại nếu quỹ trở về dưới ngưỡng này rồi chạm ngưỡng lần nữa. Bạn có thể thay đổi các ngưỡng cảnh báo trên cổng đối tác.\n\nĐội ngũ Đối tác ${v.provider}`,
      };
    },
  },
  zh: {
    partner_registration_received: (v, date) => ({
      subject: `${v.provider} 合作伙伴申请已收到`,
      text: `${v.partnerName}，您好：\n\n我们已收到您成为${v.provider}合作伙伴的申请，目前正在审核中，我们将在 ${date(v.approvalDueAt)} 之前通知您审核结果。\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_approved: (v, date) => ({
      subject: `欢迎加入${v.provider}合作伙伴计划`,
      text: `${v.partnerName}，您好：\n\n您的合作伙伴申请已通过审核。现在可以登录合作伙伴门户管理您的客户。${v.assessmentEndsAt ? `\n考核期至 ${date(v.assessmentEndsAt)}。` : ''}\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_rejected: (v) => ({
      subject: `您的${v.provider}合作伙伴申请结果`,
      text: `${v.partnerName}，您好：\n\n很抱歉，您的合作伙伴申请未通过审核。\n原因：${v.reason}\n\n问题解决后您可以重新申请。\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_assessment_passed: (v) => ({
      subject: `您已通过${v.provider}合作伙伴考核`,
      text: `${v.partnerName}，您好：\n\n您的考核期已结束，考核结果为通过，您已成为${v.provider}正式合作伙伴。\n审核意见：${v.notes}\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_assessment_failed: (v) => ({
      subject: `您的${v.provider}合作伙伴考核结果`,
      text: `${v.partnerName}，您好：\n\n您的考核期已结束，考核结果为未通过。${v.outcome === 'terminated' ? '您的合作伙伴关系已被终止。' : '您的合作伙伴资格已被暂停。暂停期间您保留现有客户，但不能新增客户或分配额度。'}\n审核意见：${v.notes}\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_suspended: (v) => ({
      subject: `您的${v.provider}合作伙伴资格已暂停`,
      text: `${v.partnerName}，您好：\n\n您的合作伙伴资格已被暂停。暂停期间您保留现有客户，但不能新增客户或分配额度。\n原因：${v.reason}\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_reinstated: (v) => ({
      subject: `您的${v.provider}合作伙伴资格已恢复`,
      text: `${v.partnerName}，您好：\n\n您的合作伙伴资格暂停已解除。\n原因：${v.reason}\n\n${v.provider} 合作伙伴团队`,
    }),
    partner_terminated: (v) => ({
      subject: `您的${v.provider}合作伙伴关系已终止`,
      text: `${v.partnerName}，您好：\n\n您的合作伙伴关系已被终止。\n原因：${v.reason}\n\n${v.provider} 合作伙伴团队`,
    }),
    customer_invitation: (v, date) => ({
      subject: `${v.partnerName} 邀请您成为其在${v.provider}的客户`,
      text: `您好：\n\n${v.partnerName}（${v.provider}合作伙伴）请您确认账号 ${v.customerEmail} 成为其客户。\n\n确认链接：${v.confirmationLink}\n邀请令牌 (token)：${v.token}\n\n邀请将于 ${date(v.expiresAt)} 失效。如果您不认识该合作伙伴，请拒绝或忽略本邮件。\n\n${v.provider}`,
    }),
    customer_approved: (v) => ({
      subject: `${v.customerName} 已成为您的客户`,
      text: `${v.partnerName}，您好：\n\n${v.customerName}（${v.customerEmail}）已通过审核，成为您在${v.provider}的客户。\n\n${v.provider} 合作伙伴团队`,
    }),
    customer_rejected: (v) => ({
      subject: `${v.customerName} 未通过客户审核`,
      text: `${v.partnerName}，您好：\n\n${v.customerName}（${v.customerEmail}）未通过审核，不能成为您的客户。\n原因：${v.reason}\n\n${v.provider} 合作伙伴团队`,
    }),
    webhook_subscription_failing: (v, date) => ({
      subject: `${v.provider}：发往 ${v.webhookUrl} 的 Webhook 已停止投递`,
      text: `您好：\n\n您的 Webhook 订阅 ${v.subscriptionId}（${v.webhookUrl}）自 ${date(v.failingSince)} 起投递持续失败，现已停止投递。\n最近一次错误：${v.lastError}\n\n事件不会丢失：接收端恢复后，请申请重新投递（POST /v1/webhooks/${v.subscriptionId}/redelivery，fromPosition 为 ${v.stuckAt}，即第一个未投递的事件），此后的所有事件将按顺序重新发送。\n\n${v.provider} 合作伙伴团队`,
    }),
    customer_invitation_withdrawn: (v) => ({
      subject: `${v.partnerName} 的邀请已撤回`,
      text: `您好：\n\n${v.partnerName}（${v.provider}合作伙伴）对账号 ${v.customerEmail} 的邀请已撤回。邀请链接已失效，您的账号不受影响。${v.reason ? `\n原因：${v.reason}` : ''}\n\n${v.provider}`,
    }),
    partner_credit_threshold_crossed: (v, date, money, percent) => {
      const what = v.thresholdUsedPercent !== undefined ? `额度池已分配 ${percent(v.thresholdUsedPercent)}` : `额度池可用余额低于 ${money(v.thresholdAvailableBelow)}`;
      return {
        subject: `${v.provider}额度提醒：${what}`,
        text: `${v.partnerName}，您好：\n\n您的额度池已达到您设置的提醒阈值：${what}。\n截至 ${date(v.crossedAt)}：已充值 ${money(v.deposited)}，已分配给客户 ${money(v.allocated)}（${percent(v.usedPercent)}），可用 ${money(v.available)}。\n\n额度池回到该阈值以内后再次达到时，您会再次收到提醒。您可以在合作伙伴门户中修改提醒阈值。\n\n${v.provider} 合作伙伴团队`,
      };
    },
  },
};

/**
 * Renders a mail in a language (falls back to English for a language without texts), its times in
 * `rendering.timeZone` ({@link formatMailTime}), its amounts in `values.currency` ({@link formatMailMoney}).
 */
export function renderMail(kind: MailKind, language: string, values: MailValues, rendering: MailRendering): RenderedMail {
  const lang = (language in TEMPLATES ? language : 'en') as Language;
  return TEMPLATES[lang][kind](
    values,
    (iso) => (iso ? formatMailTime(iso, lang, rendering.timeZone) : ''),
    (amount) => (amount !== undefined && values.currency ? formatMailMoney(amount, values.currency, lang) : ''),
    (text) => (text !== undefined ? formatMailPercent(text, lang) : ''),
  );
}
