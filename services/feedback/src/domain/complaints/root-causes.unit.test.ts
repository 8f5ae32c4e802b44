import { describe, expect, it } from 'vitest';
import { defaultRootCauses, nextTaxonomy } from './root-causes.js';

describe('the root-cause taxonomy', () => {
  it('given none, when published, then it is version 1 with the issue’s nine causes by default', () => {
    expect(nextTaxonomy(null, defaultRootCauses)).toMatchObject({ taxonomyId: 'default', version: 1 });
    expect(defaultRootCauses.map(({ code }) => code)).toEqual(['process', 'attitude', 'efficiency', 'response_speed', 'personalisation', 'product', 'delivery', 'billing', 'other']);
  });

  it('given version 3, when republished, then it is version 4', () => {
    expect(nextTaxonomy({ taxonomyId: 'default', version: 3, causes: [...defaultRootCauses] }, [{ code: 'process', label: 'Process' }])).toEqual({ taxonomyId: 'default', version: 4, causes: [{ code: 'process', label: 'Process' }] });
  });
});
