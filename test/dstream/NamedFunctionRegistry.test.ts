/**
 * The registry of named output functions: a name registered per run can be forgotten when the
 * run ends, so the function's closure is not kept for the process's life.
 */
import { describe, expect, it } from 'vitest';
import { forgetNamedFunction, IllegalStateError, namedFunction } from '../../src/index.js';

describe('forgetNamedFunction', () => {
  it('removes a registered function, after which looking it up fails as for a name never registered', () => {
    const fn = async () => undefined;
    expect(namedFunction('registry.test.forget', fn)).toBe(fn);
    expect(namedFunction('registry.test.forget')).toBe(fn);
    expect(forgetNamedFunction('registry.test.forget')).toBe(true);
    expect(() => namedFunction('registry.test.forget')).toThrow(IllegalStateError);
    expect(() => namedFunction('registry.test.forget')).toThrow(/The checkpointed graph refers to the function "registry.test.forget", which is not registered in this process/);
  });

  it('says false for a name that is not registered', () => {
    expect(forgetNamedFunction('registry.test.never')).toBe(false);
  });

  it('leaves other names registered', () => {
    const kept = async () => 1;
    namedFunction('registry.test.kept', kept);
    namedFunction('registry.test.dropped', async () => 2);
    forgetNamedFunction('registry.test.dropped');
    expect(namedFunction('registry.test.kept')).toBe(kept);
  });
});
