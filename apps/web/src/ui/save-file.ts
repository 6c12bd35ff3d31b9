/**
 * Saves a file the portal fetched (or built) as the browser's own download. The object URL is
 * revoked a moment later, not at once: some browsers start reading it only after `click` returns.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
