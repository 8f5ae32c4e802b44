import { daysBetween, weekdayOf, type IsoDate } from '@ctp/calendar';

/** Relative demand by month, January first: a pre-Spring-Festival January, 618 in June, Double 11 in November. */
const monthFactors = [1.05, 0.85, 0.9, 0.95, 1, 1.1, 0.9, 0.9, 1, 1, 1.3, 1.15] as const;

/** Relative demand by ISO weekday, Monday first: weekends shop more. */
const weekdayFactors = [0.9, 0.9, 0.95, 0.95, 1.05, 1.2, 1.15] as const;

/** First day of the Spring Festival (Chinese New Year), by year. */
const springFestival: Readonly<Record<number, readonly [number, number]>> = {
  2015: [2, 19], 2016: [2, 8], 2017: [1, 28], 2018: [2, 16], 2019: [2, 5], 2020: [1, 25], 2021: [2, 12],
  2022: [2, 1], 2023: [1, 22], 2024: [2, 10], 2025: [1, 29], 2026: [2, 17], 2027: [2, 6], 2028: [1, 26],
  2029: [2, 13], 2030: [2, 3], 2031: [1, 23], 2032: [2, 11], 2033: [1, 31], 2034: [2, 19], 2035: [2, 8],
};

const pad2 = (value: number) => String(value).padStart(2, '0');

function springFestivalFactor(date: IsoDate, year: number): number {
  const start = springFestival[year];
  if (!start) return 1;
  const offset = daysBetween(`${year}-${pad2(start[0])}-${pad2(start[1])}`, date);
  if (offset >= -21 && offset < 0) return 1.4;
  if (offset >= 0 && offset < 7) return 0.45;
  return 1;
}

function shoppingFestivalFactor(month: number, day: number): number {
  if (month === 11 && day === 11) return 4;
  if (month === 11 && day >= 1 && day < 11) return 1.5;
  if (month === 6 && day === 18) return 2.5;
  if (month === 6 && day >= 1 && day < 18) return 1.25;
  if (month === 12 && day === 12) return 1.8;
  return 1;
}

/** Unnormalised demand on a local calendar day. */
export function dayWeight(date: IsoDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return monthFactors[month - 1]! * weekdayFactors[weekdayOf(date) - 1]! * springFestivalFactor(date, year) * shoppingFestivalFactor(month, day);
}

/** Relative activity by local hour: quiet nights, a late-morning and an evening peak. */
export const hourWeights = [
  0.15, 0.08, 0.05, 0.04, 0.04, 0.08, 0.25, 0.6, 1.1, 1.5, 1.8, 1.7, 1.2, 1.4, 1.6, 1.6, 1.5, 1.3, 1.2, 1.5, 1.8,
  1.7, 1.1, 0.5,
] as const;
