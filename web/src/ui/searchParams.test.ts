import { describe, expect, it } from 'vitest';
import { withParams } from './searchParams.js';

describe('withParams', () => {
  it('sets, replaces and removes parameters, keeping the others in place', () => {
    const params = new URLSearchParams('status=OPEN&incident=a&q=x');
    expect(withParams(params, { incident: 'b' }).toString()).toBe('status=OPEN&incident=b&q=x');
    expect(withParams(params, { incident: null, q: '' }).toString()).toBe('status=OPEN');
    expect(withParams(params, { article: '7', version: undefined }).toString()).toBe(
      'status=OPEN&incident=a&q=x&article=7',
    );
  });

  it('leaves the given parameters unchanged', () => {
    const params = new URLSearchParams('a=1');
    withParams(params, { a: null });
    expect(params.toString()).toBe('a=1');
  });
});
