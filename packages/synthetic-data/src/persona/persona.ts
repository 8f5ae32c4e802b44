import type { Address } from '@ctp/contracts';
import { chance, intBetween, pick, weighted, weights } from '../random/distributions.js';
import { seededDigits } from '../random/ids.js';
import type { Rng } from '../random/prng.js';
import {
  cities,
  englishFirstNames,
  englishSurnames,
  givenNames,
  organisationTrades,
  organisationWords,
  streets,
  surnames,
} from './name-lists.js';

export type CustomerKind = 'person' | 'organisation';

export interface Persona {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: Address;
}

const nameStyles = weights({ chinese: 65, pinyin: 20, english: 15 });

interface Naming {
  readonly display: string;
  readonly handle: string;
  readonly domain: 'example.com' | 'example.cn';
}

function personNaming(rng: Rng): Naming {
  const style = weighted(rng, nameStyles);
  if (style === 'english') {
    const [first, last] = [pick(rng, englishFirstNames), pick(rng, englishSurnames)];
    return { display: `${first} ${last}`, handle: `${first}.${last}`, domain: 'example.com' };
  }
  const [surname, surnamePinyin] = pick(rng, surnames);
  const [given, givenPinyin] = pick(rng, givenNames);
  const display = style === 'chinese' ? `${surname}${given}` : `${surnamePinyin} ${givenPinyin}`;
  return { display, handle: `${givenPinyin}.${surnamePinyin}`, domain: style === 'chinese' ? 'example.cn' : 'example.com' };
}

function organisationNaming(rng: Rng, city: string): Naming {
  const [word, wordEnglish] = pick(rng, organisationWords);
  const [trade, tradeEnglish] = pick(rng, organisationTrades);
  const display = chance(rng, 0.6) ? `${word}${trade}有限公司` : `${city} ${wordEnglish} ${tradeEnglish} Co., Ltd.`;
  return { display, handle: `${wordEnglish}-${tradeEnglish.replace(' ', '-')}`, domain: 'example.cn' };
}

export function syntheticPhone(rng: Rng): string {
  return `+86138${seededDigits(rng, 8)}`;
}

export function syntheticEmail(rng: Rng, handle: string, domain: string): string {
  return `${handle.toLowerCase()}.${seededDigits(rng, 4)}@${domain}`;
}

export function syntheticAddress(rng: Rng): Address {
  const [city, region, postal] = pick(rng, cities);
  const street = pick(rng, streets);
  const number = intBetween(rng, 1, 999);
  const line1 = /^[A-Za-z]/.test(street) ? `No. ${number} ${street}` : `${street}${number}号`;
  return {
    line1,
    ...(chance(rng, 0.4) ? { line2: `Room ${intBetween(rng, 1, 30)}${String(intBetween(rng, 1, 20)).padStart(2, '0')}` } : {}),
    city,
    region,
    postalCode: `${postal}${seededDigits(rng, 3)}`,
    country: 'CN',
  };
}

export interface FullPersona extends Persona {
  readonly handle: string;
  readonly domain: string;
}

export function syntheticPersona(rng: Rng, kind: CustomerKind): FullPersona {
  const city = pick(rng, cities)[0];
  const naming = kind === 'person' ? personNaming(rng) : organisationNaming(rng, city);
  const hasEmail = chance(rng, kind === 'person' ? 0.7 : 0.95);
  const hasPhone = chance(rng, 0.85) || !hasEmail;
  return {
    name: naming.display,
    handle: naming.handle,
    domain: naming.domain,
    ...(hasEmail ? { email: syntheticEmail(rng, naming.handle, naming.domain) } : {}),
    ...(hasPhone ? { phone: syntheticPhone(rng) } : {}),
    ...(chance(rng, kind === 'person' ? 0.5 : 0.9) ? { address: syntheticAddress(rng) } : {}),
  };
}
