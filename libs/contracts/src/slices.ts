/** The items in consecutive slices of at most `size`, in order: how a batch is cut into messages or statements. */
export function slicesOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a slice holds at least one item, not ${size}`);
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}
