import { useState } from 'react';

/**
 * What a dialog is about: the current subject while it is open, the last one while it closes. A
 * modal stays on screen through its exit transition; naming it from a subject already cleared would
 * leave an unnamed dialog (and an emptied text) there for a screen reader and the eye.
 */
export function useDialogSubject<T>(subject: T | null): T | null {
  const [last, setLast] = useState<T | null>(subject);
  if (subject !== null && subject !== last) setLast(subject);
  return subject ?? last;
}
