import { describe, expect, it } from 'vitest';
import { errorMessage, newIdempotencyKey } from './errors.js';

describe('typed API errors shown next to their field', () => {
  const error = {
    code: 'BAD_INPUT',
    field: 'callerMobile',
    message: 'callerMobile: must be a mobile number',
    messageFa: 'callerMobile: باید شماره همراه باشد',
  };
  it('speaks the user’s language without the field prefix', () => {
    expect(errorMessage(error, 'fa')).toBe('باید شماره همراه باشد');
    expect(errorMessage(error, 'en')).toBe('must be a mobile number');
  });
  it('keeps a message that names no field whole', () => {
    expect(errorMessage({ ...error, field: null, messageFa: 'مجاز نیست' }, 'fa')).toBe('مجاز نیست');
  });
  it('makes a different idempotency key for each attempt', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
