import { calendarDocumentSchema, type CalendarDocument } from './calendar-document.js';
import { addDays, type IsoDate } from './dates.js';

/**
 * Public holidays and make-up working days (调休 / 补班) of mainland China, from the State Council
 * General Office's annual notice.
 *
 * 2026: 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号, dated 4 November 2025,
 *   https://www.gov.cn/zhengce/content/202511/content_7047090.htm
 *   (policy library copy: https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm;
 *   full text also carried by Xinhua, e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm).
 *
 * 2027: the notice (国务院办公厅关于2027年部分节假日安排的通知) could not be found when this file was
 * written (2 December 2026), so 2027 has no holidays or make-up days here: it counts as ordinary weeks
 * until the dates are added from the notice. Dates are never guessed from the lunar calendar.
 */
export const OFFICIAL_HOLIDAYS_KNOWN_THROUGH: IsoDate = '2026-12-31';

/** [name, first day off, last day off, make-up working days]. */
type Arrangement = readonly [name: string, first: IsoDate, last: IsoDate, makeUpDays: readonly IsoDate[]];

const arrangements2026: readonly Arrangement[] = [
  ['元旦 New Year', '2026-01-01', '2026-01-03', ['2026-01-04']],
  ['春节 Spring Festival', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
  ['清明节 Qingming Festival', '2026-04-04', '2026-04-06', []],
  ['劳动节 Labour Day', '2026-05-01', '2026-05-05', ['2026-05-09']],
  ['端午节 Dragon Boat Festival', '2026-06-19', '2026-06-21', []],
  ['中秋节 Mid-Autumn Festival', '2026-09-25', '2026-09-27', []],
  ['国庆节 National Day', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']],
];

const officeHours = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '18:00' },
];

function daysOff([name, first, last]: Arrangement) {
  const days = [];
  for (let date = first; date <= last; date = addDays(date, 1)) days.push({ date, name });
  return days;
}

/**
 * The default business calendar: Asia/Shanghai, Monday to Friday 09:00-12:00 and 13:30-18:00, the
 * official holidays and make-up working days (worked with the same hours), and a 17:00 cut-off for
 * "N working days" targets.
 */
export const defaultCalendarDocument: CalendarDocument = calendarDocumentSchema.parse({
  id: 'default',
  version: 1,
  name: 'Mainland China office hours (Asia/Shanghai)',
  timeZone: 'Asia/Shanghai',
  week: { monday: officeHours, tuesday: officeHours, wednesday: officeHours, thursday: officeHours, friday: officeHours },
  holidays: arrangements2026.flatMap(daysOff),
  makeUpDays: arrangements2026.flatMap(([name, , , makeUpDays]) => makeUpDays.map((date) => ({ date, name: `${name} 补班`, periods: officeHours }))),
  cutOff: '17:00',
});
