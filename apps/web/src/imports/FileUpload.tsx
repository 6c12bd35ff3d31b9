import { Alert, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { ProblemError, errorMessage } from '../api/problem';
import { UploadCancelled } from './upload';
import type { AcceptedImport, SendFile, Upload, UploadProgress } from './upload';
import { formatFileSize, limitsText, refuseBeforeUpload } from './file-limits';
import { NamedProgress } from './NamedProgress';
import { FileDropZone } from './FileDropZone';

/** What sets one import's upload apart: its field, what its file is called, the columns its header names, how it is sent. */
export interface FileKind {
  /** The field's label: "Sales file". */
  label: string;
  /** In sentences: "a sales file". */
  noun: string;
  columns: readonly string[];
  send: SendFile;
}

interface ChosenFile {
  file: File;
  /** One per chosen file: clicking Upload again after a lost answer imports nothing twice. */
  idempotencyKey: string;
}

interface UploadFailure {
  title: string;
  detail: string;
  fieldErrors: string[];
  hint?: string;
}

function failureOf(error: unknown, kind: FileKind): UploadFailure {
  if (!(error instanceof ProblemError)) return { title: 'The upload failed', detail: errorMessage(error), fieldErrors: [] };
  const fieldErrors = error.errors.map((e) => `${e.field}: ${e.reason}`);
  if (error.code === 'IMPORT_FILE_INVALID') {
    return { title: 'The file was not imported', detail: error.message, fieldErrors, hint: `${capitalized(kind.noun)} is CSV whose first row names every one of: ${kind.columns.join(', ')}. Fix the file and choose it again.` };
  }
  if (error.status === 413 || error.code === 'PAYLOAD_TOO_LARGE') {
    return { title: 'The file is too large', detail: error.message, fieldErrors, hint: `A file may hold ${limitsText()}: split it into smaller files and upload each.` };
  }
  return { title: 'The upload failed', detail: error.message, fieldErrors };
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function UploadFailureAlert({ failure }: { failure: UploadFailure }) {
  return (
    <Alert color="red" role="alert" title={failure.title}>
      <Stack gap={4}>
        <Text size="sm">{failure.detail}</Text>
        {failure.fieldErrors.length > 0 && (
          <List size="sm">
            {failure.fieldErrors.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        )}
        {failure.hint && <Text size="sm">{failure.hint}</Text>}
      </Stack>
    </Alert>
  );
}

function uploadText(progress: UploadProgress): string {
  if (progress.total > 0 && progress.loaded >= progress.total) return 'Sent; waiting for the server to accept the file…';
  return `${formatFileSize(progress.loaded)} of ${formatFileSize(progress.total)}`;
}

/** Choose a file, send it with upload progress; `onAccepted` gets the queued import. */
export function FileUpload({ kind, onAccepted }: { kind: FileKind; onAccepted: (accepted: AcceptedImport, file: File) => void }) {
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [failure, setFailure] = useState<UploadFailure | null>(null);
  const upload = useRef<Upload | null>(null);

  // Leaving the screen mid-upload stops the upload (nothing of a broken-off upload is booked).
  useEffect(() => () => upload.current?.cancel(), []);

  const choose = (file: File) => {
    setChosen({ file, idempotencyKey: crypto.randomUUID() });
    const refusal = refuseBeforeUpload(file, kind.noun);
    setFailure(refusal ? { title: 'This file cannot be imported', detail: refusal, fieldErrors: [] } : null);
  };

  const send = async () => {
    if (!chosen) return setFailure({ title: 'No file chosen', detail: `Choose ${kind.noun} first.`, fieldErrors: [] });
    const refusal = refuseBeforeUpload(chosen.file, kind.noun);
    if (refusal) return setFailure({ title: 'This file cannot be imported', detail: refusal, fieldErrors: [] });
    setFailure(null);
    setProgress({ loaded: 0, total: chosen.file.size });
    upload.current = kind.send(chosen.file, chosen.idempotencyKey, setProgress);
    try {
      const accepted = await upload.current.done;
      setChosen(null);
      onAccepted(accepted, chosen.file);
    } catch (error) {
      if (!(error instanceof UploadCancelled)) setFailure(failureOf(error, kind));
    } finally {
      upload.current = null;
      setProgress(null);
    }
  };

  const uploading = progress !== null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="upload-title">
      <Stack>
        <Title order={2} size="h4" id="upload-title">
          Upload a file
        </Title>
        <FileDropZone label={kind.label} file={chosen?.file ?? null} disabled={uploading} onChoose={choose} />
        {progress && <NamedProgress label="Upload progress" percent={progress.total > 0 ? (progress.loaded / progress.total) * 100 : 0} valueText={uploadText(progress)} />}
        {failure && <UploadFailureAlert failure={failure} />}
        <Group>
          <Button onClick={() => void send()} loading={uploading}>
            Upload
          </Button>
          {uploading && (
            <Button variant="default" onClick={() => upload.current?.cancel()}>
              Cancel upload
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
