import { Paper, Stack, Text } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { formatFileSize, limitsText } from './file-limits';

// Out of sight but focusable: the keyboard reaches the native file input (Space or Enter opens
// the picker) and the zone around it shows the focus.
const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, margin: -1, padding: 0, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0 } as const;

interface FileDropZoneProps {
  /** The field's label ("Sales file"); the zone's test id is made of it (`sales-file-drop-zone`). */
  label: string;
  file: File | null;
  disabled?: boolean;
  onChoose: (file: File) => void;
}

/** A file field (say "Sales file"): click or drop a CSV anywhere on the zone, or Tab to it and press Space. */
export function FileDropZone({ label, file, disabled, onChoose }: FileDropZoneProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const [focused, setFocused] = useState(false);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !disabled) onChoose(dropped);
  };

  return (
    <Stack gap={4}>
      <Text component="label" htmlFor={inputId} size="sm" fw={500}>
        {label}
      </Text>
      <Paper
        withBorder
        p="lg"
        data-testid={`${label.toLowerCase().replace(/\W+/g, '-')}-drop-zone`}
        onClick={(event) => event.target !== inputRef.current && !disabled && inputRef.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          cursor: disabled ? 'not-allowed' : 'pointer',
          position: 'relative',
          outline: focused ? '2px solid var(--mantine-primary-color-filled)' : undefined,
          outlineOffset: 2,
          background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
        }}
      >
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          disabled={disabled}
          aria-describedby={hintId}
          style={VISUALLY_HIDDEN}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0];
            if (chosen) onChoose(chosen);
            // The same file chosen again (after fixing it) must fire a change too.
            event.currentTarget.value = '';
          }}
        />
        <Stack gap={4} align="center">
          <Text fw={500}>{file ? file.name : 'Drop a CSV file here, or click to choose one'}</Text>
          <Text size="sm" c="dimmed" id={hintId}>
            {file ? `${formatFileSize(file.size)} · click or drop to choose another` : `CSV with a header row; ${limitsText()}`}
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
