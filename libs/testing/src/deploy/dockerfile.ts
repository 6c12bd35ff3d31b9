/**
 * Enough of the Dockerfile grammar to check the image offline (no Docker engine): instructions with
 * their line continuations joined and comments dropped, grouped by build stage.
 */
export type Instruction = { keyword: string; args: string };
export type Stage = { from: string; name?: string; instructions: Instruction[] };
export type Dockerfile = { args: Record<string, string>; stages: Stage[] };

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (pending && line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  const result: Dockerfile = { args: {}, stages: [] };
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [from, as, name] = args.split(/\s+/);
      result.stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (result.stages.length === 0) {
      // Only ARGs may come before the first FROM: they parameterize the FROM lines.
      if (upper === 'ARG') {
        const [name, ...value] = args.split('=');
        result.args[name] = value.join('=');
      }
    } else {
      result.stages.at(-1)!.instructions.push({ keyword: upper, args });
    }
  }
  return result;
}

/** The instructions of one kind in a stage, their arguments. */
export const instructions = (stage: Stage, keyword: string): string[] =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
