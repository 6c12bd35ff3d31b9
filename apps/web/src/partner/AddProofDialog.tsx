/**
 * "Add proof" for a sale awaiting review: a PDF, PNG or JPEG of at most 10 MB, sent as
 * multipart/form-data (field `file`). The server judges the type by the file's bytes; its answer
 * (415, 413) is shown as it comes.
 */
import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { errorMessage } from '../api/problem';
import { useApiMutation } from '../api/query';
import { formatDate } from '../format/format';
import { useIdempotencyKey } from '../ui/idempotency-key';
import { useDialogSubject } from '../ui/dialog-subject';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '@spiffworks/contracts';

type Sale = Schemas['SaleResponse'];
const ACCEPT = ATTACHMENT_TYPES.join(',');
const MAX_MB = ATTACHMENT_MAX_BYTES / (1024 * 1024);

export function AddProofDialog({ sale, onClose }: { sale: Sale | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  // One key per file attached: a retry after a timeout answers the first upload, never stores it twice.
  const [key, renewKey] = useIdempotencyKey();
  const upload = useApiMutation(
    ({ id, form }: { id: string; form: FormData }) =>
      api.POST('/api/fulfillment/sales/{id}/attachments', {
        params: { path: { id }, header: { 'Idempotency-Key': key } }, body: form as never, bodySerializer: (body) => body as unknown as FormData,
      }),
    {
      onSuccess: (attachment) => {
        renewKey();
        setAdded(`${file?.name ?? 'The file'} was attached (${attachment.content_type}).`);
        setFile(null);
        void queryClient.invalidateQueries({ queryKey: ['/api/fulfillment/sales/my-sales'] });
      },
      onError: (e) => setError(errorMessage(e)),
    },
  );
  const close = () => {
    setFile(null);
    setError(null);
    setAdded(null);
    onClose();
  };
  const submit = () => {
    if (!sale) return;
    if (!file) return setError('Choose the file to attach: a PDF, PNG or JPEG.');
    if (file.size > ATTACHMENT_MAX_BYTES) return setError(`The file is over ${MAX_MB} MB: attach a smaller scan or screenshot.`);
    setError(null);
    setAdded(null);
    const form = new FormData();
    form.append('file', file, file.name);
    upload.mutate({ id: sale.id, form });
  };
  const shown = useDialogSubject(sale);
  return (
    <Modal opened={sale !== null} onClose={close} title="Add proof of sale" centered>
      <Stack>
        {shown && (
          <Text size="sm">
            {shown.product_name}, sold {formatDate(shown.sale_date)}{shown.invoice_number ? `, invoice ${shown.invoice_number}` : ''}. Its commission waits for an admin to check the proof.
          </Text>
        )}
        <FileInput label="Invoice or screenshot" description={`PDF, PNG or JPEG, at most ${MAX_MB} MB`} accept={ACCEPT} value={file} onChange={setFile} clearable withAsterisk />
        {error && <Alert color="red" role="alert" title="Not attached">{error}</Alert>}
        {added && <Alert color="green" role="status">{added}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Close</Button>
          <Button loading={upload.isPending} onClick={submit}>Attach</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
