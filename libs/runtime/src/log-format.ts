/**
 * How `npm start` shows the services' log lines. The services always write JSON (one object per
 * line, what log shippers and the tests read); only the launcher decides whether a person sees them
 * pretty-printed. `LOG_FORMAT` wins when set; otherwise a terminal gets `pretty` and anything else
 * (a pipe, a file, a test harness, a container's log driver) keeps `json`.
 */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function chooseLogFormat(setting: string | undefined, stdoutIsTerminal: boolean): LogFormat {
  const wanted = setting?.trim().toLowerCase();
  if (wanted === undefined || wanted === '' || wanted === 'auto') return stdoutIsTerminal ? 'pretty' : 'json';
  if ((LOG_FORMATS as readonly string[]).includes(wanted)) return wanted as LogFormat;
  throw new Error(`LOG_FORMAT: expected json, pretty or auto; not ${setting}`);
}
