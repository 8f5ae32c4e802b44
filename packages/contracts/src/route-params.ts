import { z } from 'zod';
import { entityIdSchema } from './primitives.js';

/** The path parameters of every `/v1/customers/{customerId}…` route of every service: one id pattern for all. */
export const customerIdParamsSchema = z.object({ customerId: entityIdSchema });
