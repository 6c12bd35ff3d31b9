import { Stack, Text } from '@mantine/core';
import { api } from '../api/client';
import type { Schemas } from '../api/client';
import { unwrap } from '../api/problem';
import { AttachmentPreview } from '../ui/AttachmentPreview';

type Dispute = Pick<Schemas['DisputeResponse'], 'id' | 'attachments'>;

const fetchDisputeFile = (disputeId: string, attachmentId: string): Promise<Blob> =>
  unwrap(api.GET('/api/disputes/{id}/attachments/{attachment_id}', { params: { path: { id: disputeId, attachment_id: attachmentId } }, parseAs: 'blob' })) as unknown as Promise<Blob>;

/** The files a partner attached to its dispute (the partner's own list and the admin's queue): an image inline, a PDF opened on demand. */
export function DisputeFiles({ dispute }: { dispute: Dispute }) {
  if (dispute.attachments.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap="xs">
      {dispute.attachments.map((a) => (
        <AttachmentPreview key={a.id} attachment={a} fetchFile={() => fetchDisputeFile(dispute.id, a.id)} imageAlt="File attached to the dispute" pdfLabel="PDF attached to the dispute" />
      ))}
    </Stack>
  );
}
