import type en from '../en/customer';
import type { Texts } from '../texts';

const customer: Texts<typeof en> = {
  title: 'Lời mời trở thành khách hàng của đối tác',
  intro: '{{partner}} mời tài khoản của bạn trở thành khách hàng của họ trên {{provider}}. Khi là khách hàng, đối tác quản lý credit và chiết khấu của bạn.',
  facts: { partner: 'Đối tác', partnerId: 'Tài khoản đối tác', account: 'Tài khoản của bạn', commonName: 'Tên đối tác đặt cho bạn', state: 'Trạng thái', invitedAt: 'Ngày mời', expiresAt: 'Hạn trả lời', confirmedAt: 'Ngày xác nhận' },
  confirm: 'Xác nhận',
  decline: 'Từ chối',
  declineSure: 'Từ chối lời mời này? Đối tác có thể mời lại bạn sau.',
  declineYes: 'Đồng ý từ chối',
  noToken: 'Để trả lời, hãy mở liên kết trong email mời bằng trình duyệt này.',
  wrongAccount: 'Lời mời này dành cho tài khoản {{account}}. Bạn đang đăng nhập bằng {{you}}: hãy đăng xuất và đăng nhập bằng tài khoản đó.',
  outcome: {
    pending_approval: 'Cảm ơn bạn đã xác nhận. {{provider}} đang duyệt yêu cầu; bạn sẽ là khách hàng của đối tác sau khi được duyệt.',
    approved: 'Bạn là khách hàng của đối tác này.',
    declined: 'Bạn đã từ chối lời mời này.',
    cancelled: 'Đối tác đã huỷ lời mời này.',
    expired: 'Lời mời đã hết hạn trước khi được trả lời. Hãy đề nghị đối tác mời lại.',
    rejected: '{{provider}} không duyệt quan hệ này.',
    ended: 'Quan hệ này đã kết thúc.',
  },
  none: 'Không có lời mời nào cho tài khoản này.',
};

export default customer;
