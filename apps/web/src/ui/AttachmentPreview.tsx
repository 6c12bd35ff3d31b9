/**
 * An attached file as the portal shows it: an image inline, a PDF as a button that opens it. The
 * bytes are fetched with the session's token (never a bare URL, which would carry no token), as
 * the payout file is. Proofs of sale (review queue) and dispute files (both disputes pages) use it.
 */
import { Button, Image, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/problem';
import { formatCount } from '../format/format';

export interface AttachedFile {
  id: string;
  content_type: string;
  size: number;
  sha256: string;
}

const PDF_URL_LIFETIME_MS = 60_000;

export function AttachmentPreview({ attachment, fetchFile, imageAlt, pdfLabel }: {
  attachment: AttachedFile;
  /** The file's bytes, fetched with the session's token. */
  fetchFile: () => Promise<Blob>;
  /** What the file is, for the image's alt text (`Proof of sale`). */
  imageAlt: string;
  /** What the PDF button opens, for its accessible name (`PDF proof`). */
  pdfLabel: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const image = attachment.content_type.startsWith('image/');
  useEffect(() => {
    if (!image) return undefined;
    let made: string | null = null;
    fetchFile().then((blob) => setUrl((made = URL.createObjectURL(blob))), (e: unknown) => setError(errorMessage(e)));
    return () => { if (made) URL.revokeObjectURL(made); };
    // The file is named by its id: a new fetchFile closure for the same id fetches nothing again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attachment.id, image]);
  const openPdf = async () => {
    try {
      const blob = await fetchFile();
      const url = URL.createObjectURL(blob);
      window.open(url, '_blank', 'noopener');
      // The new tab has read the file long before; without this, every PDF opened stays in memory until the portal closes.
      setTimeout(() => URL.revokeObjectURL(url), PDF_URL_LIFETIME_MS);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const label = `${attachment.content_type}, ${formatCount(attachment.size)} bytes, sha256 ${attachment.sha256.slice(0, 12)}…`;
  return (
    <Stack gap={4}>
      {image && url && <Image src={url} alt={`${imageAlt} (${label})`} maw={320} radius="sm" />}
      {!image && <Button size="xs" variant="light" onClick={() => void openPdf()} aria-label={`Open the ${pdfLabel} (${label})`}>Open PDF</Button>}
      <Text size="xs" c="dimmed">{label}</Text>
      {error && <Text size="xs" c="red">{error}</Text>}
    </Stack>
  );
}
