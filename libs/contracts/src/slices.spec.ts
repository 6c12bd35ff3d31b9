import { slicesOf } from './slices';

describe('slicesOf', () => {
  it.each<[number[], number, number[][]]>([
    [[], 3, []],
    [[1, 2], 3, [[1, 2]]],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5, 6], [7]]],
  ])('cuts %j into slices of %d', (items, size, expected) => {
    expect(slicesOf(items, size)).toEqual(expected);
  });

  it('refuses a slice size that holds nothing', () => {
    expect(() => slicesOf([1], 0)).toThrow(RangeError);
  });
});
