import { z } from 'zod';

export const entityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/)
  .meta({ title: 'EntityId' });

export const isoDateTimeSchema = z.iso.datetime({ offset: true }).meta({ title: 'DateTime' });

export const isoDateSchema = z.iso.date().meta({ title: 'Date' });

export const decimalSchema = z
  .string()
  .regex(/^-?(0|[1-9]\d{0,17})(\.\d{1,4})?$/, { abort: true })
  .refine((value) => !/^-0(\.0+)?$/.test(value), 'negative zero is not a decimal')
  .meta({ title: 'Decimal' });

export const nonNegativeDecimalSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,17})(\.\d{1,4})?$/)
  .meta({ title: 'Decimal>=0' });

export const positiveDecimalSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,17})(\.\d{1,4})?$/, { abort: true })
  .refine((value) => !/^0(\.0+)?$/.test(value), 'must be greater than zero')
  .meta({ title: 'Decimal>0' });

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({ title: 'CurrencyCode' });

export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .meta({ title: 'CountryCode' });

export const emailSchema = z
  .email()
  .max(254)
  .refine((email) => email.indexOf('@') <= 64, 'the part before @ must be at most 64 characters (RFC 5321)')
  .meta({ title: 'Email' });

/** A name or a label stored in clear: no control characters (PostgreSQL's JSON refuses NUL). */
export const printableTextSchema = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters');

export const phoneSchema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/)
  .meta({ title: 'PhoneE164' });

export const freeTextSchema = z.string().min(1).max(2000).meta({ title: 'FreeText' });

export const labelSchema = z.string().min(1).max(200);

export const ratioSchema = z.number().min(0).max(1);
