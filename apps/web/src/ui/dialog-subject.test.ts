import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDialogSubject } from './dialog-subject';

describe('useDialogSubject', () => {
  it.each([
    { name: 'never opened', steps: [null, null], shown: [null, null] },
    { name: 'opened', steps: [null, 'Autumn'], shown: [null, 'Autumn'] },
    { name: 'closed: keeps the last subject through the exit', steps: [null, 'Autumn', null], shown: [null, 'Autumn', 'Autumn'] },
    { name: 'reopened on another subject', steps: ['Autumn', null, 'Summer'], shown: ['Autumn', 'Autumn', 'Summer'] },
    { name: 'switched while open', steps: ['Autumn', 'Summer', null], shown: ['Autumn', 'Summer', 'Summer'] },
  ])('$name', ({ steps, shown }) => {
    const { result, rerender } = renderHook(({ subject }) => useDialogSubject<string>(subject), { initialProps: { subject: steps[0] } });
    const seen = [result.current];
    for (const subject of steps.slice(1)) {
      rerender({ subject });
      seen.push(result.current);
    }
    expect(seen).toEqual(shown);
  });
});
