import { isTransientFailure } from './failures';

describe('isTransientFailure', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '08006' }, true],
    [{ code: '57P01' }, true],
    [{ code: '40P01' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ code: '23505' }, false],
    [{ code: '22P02' }, false],
    [new Error('Cannot read properties of undefined'), false],
    ['boom', false],
    [null, false],
  ])('%p → %p', (error, expected) => {
    expect(isTransientFailure(error)).toBe(expected);
  });
});
