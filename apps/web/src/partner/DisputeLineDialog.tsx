import { Alert, Button, FileInput, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { errorMessage } from '../api/problem';
import { useApiMutation } from '../api/query';
import { formatDate, formatMoney } from '../format/format';
import { COMMISSION_STATUS_LABEL } from '../ui/commission-status';
import { useIdempotencyKey } from '../ui/idempotency-key';
import { useDialogSubject } from '../ui/dialog-subject';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, DISPUTE_TEXT_MAX_LENGTH } from '@spiffworks/contracts';

type Line = Schemas['CommissionResponse'];
const ACCEPT = ATTACHMENT_TYPES.join(',');
const MAX_MB = ATTACHMENT_MAX_BYTES / (1024 * 1024);

/**
 * The partner questions one of its lines: a reason (required) and, optionally, a file (an invoice, a
 * screenshot), sent once; the admin answers in "My disputes". The file goes up after the dispute is
 * opened (`POST /api/disputes/{id}/attachments`); if only the file fails, the dispute stands and
 * "Attach" retries the file alone, never a second dispute.
 */
export function DisputeLineDialog({ line, onClose, onOpened }: { line: Line | null; onClose: () => void; onOpened: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The dispute this dialog opened, while its file is still to go up.
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey();
  // One key per file: a retry after a timeout answers the first upload, never stores the file twice.
  const [fileKey, renewFileKey] = useIdempotencyKey();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['/api/commissions/my-commissions'] });
    void queryClient.invalidateQueries({ queryKey: ['/api/disputes'] });
  };
  const reset = () => {
    setReason('');
    setFile(null);
    setError(null);
    setOpenedId(null);
  };
  const done = () => {
    reset();
    refresh();
    onOpened();
  };
  const upload = useApiMutation(
    ({ id, form }: { id: string; form: FormData }) =>
      api.POST('/api/disputes/{id}/attachments', {
        params: { path: { id }, header: { 'Idempotency-Key': fileKey } }, body: form as never, bodySerializer: (body) => body as unknown as FormData,
      }),
    {
      onSuccess: () => {
        renewFileKey();
        done();
      },
      onError: (e) => {
        refresh();
        setError(`Your dispute was sent, but the file was not attached: ${errorMessage(e)}`);
      },
    },
  );
  const uploadTo = (id: string, chosen: File) => {
    const form = new FormData();
    form.append('file', chosen, chosen.name);
    upload.mutate({ id, form });
  };
  const open = useApiMutation(
    ({ id, text }: { id: string; text: string; attach: File | null }) =>
      api.POST('/api/commissions/{id}/disputes', { params: { path: { id }, header: { 'Idempotency-Key': key } }, body: { reason: text } }),
    {
      onSuccess: (dispute, { attach }) => {
        renewKey();
        if (!attach) return done();
        setOpenedId(dispute.id);
        uploadTo(dispute.id, attach);
      },
      onError: (e) => setError(errorMessage(e)),
    },
  );
  // A reason or file chosen for one line never carries over to the next.
  const close = () => {
    if (openedId) refresh();
    reset();
    onClose();
  };
  const submit = () => {
    if (!line) return;
    if (file && file.size > ATTACHMENT_MAX_BYTES) return setError(`The file is over ${MAX_MB} MB: attach a smaller scan or screenshot.`);
    if (openedId) {
      if (!file) return done(); // the file was taken away: the dispute stands without one
      setError(null);
      return uploadTo(openedId, file);
    }
    if (!reason.trim()) return setError('Say what looks wrong: the admin answers it.');
    setError(null);
    open.mutate({ id: line.id, text: reason.trim(), attach: file });
  };
  const shown = useDialogSubject(line);
  return (
    <Modal opened={line !== null} onClose={close} title="Dispute this line" centered>
      <Stack>
        {shown && (
          <Text size="sm">
            {formatDate(shown.sale_date)} · {formatMoney(shown.total_commission)} ({COMMISSION_STATUS_LABEL[shown.status].toLowerCase()}). The line stays as it is; if the admin agrees, a new adjustment line is added.
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
          disabled={openedId !== null}
          data-autofocus
        />
        <FileInput
          label="File (optional)"
          description={`An invoice or screenshot: PDF, PNG or JPEG, at most ${MAX_MB} MB`}
          accept={ACCEPT}
          value={file}
          onChange={setFile}
          clearable
        />
        {error && reason.trim() && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{openedId ? 'Close' : 'Cancel'}</Button>
          <Button loading={open.isPending || upload.isPending} onClick={submit}>{openedId ? 'Attach the file' : 'Send dispute'}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
