import type { InteractionKind } from '@ctp/contracts';

export const skus = [
  'TEA-LONGJING-250G', 'TEA-PUER-357G', 'KETTLE-2L', 'RICE-COOKER-5L', 'AIR-PURIFIER-M', 'HUMIDIFIER-3L',
  'WOK-CARBON-32', 'THERMOS-500ML', 'DESK-LAMP-LED', 'SILK-SCARF', 'MOONCAKE-BOX-8', 'BABY-FORMULA-900G',
  'OFFICE-CHAIR-ERGO', 'PRINTER-PAPER-A4', 'TONER-BK-26A', 'ROUTER-AX3000', 'PHONE-CASE-CLEAR', 'EARBUDS-BT',
  'SNEAKER-RUN-42', 'DOWN-JACKET-L', 'FACE-CREAM-50ML', 'VITAMIN-C-100', 'WATER-FILTER-CART', 'GIFT-CARD-500',
] as const;

/** Note templates by kind; `{order}` is replaced with an order id when one is at hand. */
export const interactionNotes: Readonly<Record<InteractionKind, readonly string[]>> = {
  inquiry: ['Asked about the delivery date of {order}', '咨询发票开具流程', 'Asked whether the warranty covers water damage', '询问会员积分如何使用'],
  complaint: [
    'Return process is cumbersome: three forms for {order}',
    '客服态度不好，电话被挂断',
    'Waited 40 minutes on the hotline',
    'Courier left the parcel outside; {order} arrived damaged',
    '推荐的商品与需求不符',
  ],
  service_request: ['Requested installation for {order}', '申请更换收货地址', 'Asked to reset the app password'],
  callback: ['Annual care call, no issues raised', '回访：对处理结果满意', 'Follow-up on an earlier complaint'],
  visit: ['On-site visit: reviewed annual order plan', '上门拜访，介绍新品'],
  survey: ['Sent the post-service satisfaction survey', '发送满意度问卷'],
  other: ['Updated delivery preferences', '咨询门店营业时间'],
};

export const refundReasons = [
  'Item arrived damaged',
  'Wrong size',
  'Delivered late',
  '商品与描述不符',
  'Changed mind within the return period',
  'Duplicate charge',
] as const;

export function fillNote(template: string, orderId: string | undefined): string {
  return template.replace('{order}', orderId ?? 'the last order');
}
