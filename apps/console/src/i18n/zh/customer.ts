import type en from '../en/customer';
import type { Texts } from '../texts';

const customer: Texts<typeof en> = {
  title: '成为合作伙伴客户的邀请',
  intro: '{{partner}} 邀请您的账号在{{provider}}成为其客户。成为其客户后，由该合作伙伴管理您的额度和折扣。',
  facts: { partner: '合作伙伴', partnerId: '合作伙伴账号', account: '您的账号', commonName: '合作伙伴为您设置的名称', state: '状态', invitedAt: '邀请时间', expiresAt: '答复截止', confirmedAt: '确认时间' },
  confirm: '确认',
  decline: '拒绝',
  declineSure: '确定拒绝此邀请？合作伙伴以后可以再次邀请您。',
  declineYes: '确定拒绝',
  noToken: '如需答复，请在本浏览器中打开邀请邮件中的链接。',
  wrongAccount: '此邀请发给账号 {{account}}。您当前以 {{you}} 登录：请退出后使用该账号登录。',
  outcome: {
    pending_approval: '感谢您的确认。{{provider}}正在审核该申请；审核通过后，您即成为该合作伙伴的客户。',
    approved: '您已是该合作伙伴的客户。',
    declined: '您已拒绝此邀请。',
    cancelled: '合作伙伴已取消此邀请。',
    expired: '此邀请在答复前已过期。请联系合作伙伴重新邀请。',
    rejected: '{{provider}}未批准此合作关系。',
    ended: '此合作关系已终止。',
  },
  none: '此账号没有邀请。',
};

export default customer;
