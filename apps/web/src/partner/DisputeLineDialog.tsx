import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { errorMessage } from '../api/problem';
import { useApiMutation } from '../api/query';
import { formatDate, formatMoney } from '../format/format';
import { COMMISSION_STATUS_LABEL } from '../ui/commission-status';
import { useIdempotencyKey } from '../ui/idempotency-key';
import { DISPUTE_TEXT_MAX_LENGTH } from '@spiffworks/contracts';

type Line = Schemas['CommissionResponse'];

/** The partner questions one of its lines: a reason (required), sent once; the admin answers in "My disputes". */
export function DisputeLineDialog({ line, onClose, onOpened }: { line: Line | null; onClose: () => void; onOpened: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey();
  const open = useApiMutation(
    ({ id, text }: { id: string; text: string }) =>
      api.POST('/api/commissions/{id}/disputes', { params: { path: { id }, header: { 'Idempotency-Key': key } }, body: { reason: text } }),
    {
      onSuccess: () => {
        setReason('');
        renewKey();
        void queryClient.invalidateQueries({ queryKey: ['/api/commissions/my-commissions'] });
        void queryClient.invalidateQueries({ queryKey: ['/api/disputes'] });
        onOpened();
      },
      onError: (e) => setError(errorMessage(e)),
    },
  );
  // A reason written for one line never carries over to the next.
  const close = () => {
    setReason('');
    setError(null);
    onClose();
  };
  const submit = () => {
    if (!line) return;
    if (!reason.trim()) return setError('Say what looks wrong: the admin answers it.');
    setError(null);
    open.mutate({ id: line.id, text: reason.trim() });
  };
  return (
    <Modal opened={line !== null} onClose={close} title="Dispute this line" centered>
      <Stack>
        {line && (
          <Text size="sm">
            {formatDate(line.sale_date)} · {formatMoney(line.total_commission)} ({COMMISSION_STATUS_LABEL[line.status].toLowerCase()}). The line stays as it is; if the admin agrees, a new adjustment line is added.
          </Text>
        )}
        <Textarea
          label="Reason"
          withAsterisk
          description="What looks wrong with this line"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={DISPUTE_TEXT_MAX_LENGTH}
          rows={3}
          error={error && !reason.trim() ? error : undefined}
          data-autofocus
        />
        {error && reason.trim() && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button loading={open.isPending} onClick={submit}>Send dispute</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
