/** What one `npm run bench` run does; `--quick` trades scale for a run of a few minutes. */
export interface BenchOptions {
  quick: boolean;
  partners: number;
  loadPartners: number;
  durationS: number;
  connections: number;
  loopRows: number;
  apiCalls: number;
  analyticsSales: [number, number];
  queryRounds: number;
  /** Ledger lines the payout-file export downloads. */
  exportLines: number;
  /** Partners in the partner import's file. */
  importPartners: number;
  /** Rows of the sell-through file the sale import books (at today's ~250 rows/s, 100,000 take ~7 min). */
  importRows: number;
  profile: boolean;
  /** Keep the run's databases (and broker topology) for EXPLAIN afterwards; the caller removes them. */
  keep: boolean;
  only?: string[];
}

const FULL: Omit<BenchOptions, 'quick' | 'profile' | 'keep'> = {
  partners: 100_000, loadPartners: 64, durationS: 30, connections: 32, loopRows: 100_000, apiCalls: 1000,
  analyticsSales: [10_000, 1_000_000], queryRounds: 200, exportLines: 1_000_000, importPartners: 100_000, importRows: 100_000,
};
const QUICK: Omit<BenchOptions, 'quick' | 'profile' | 'keep'> = {
  partners: 10_000, loadPartners: 32, durationS: 10, connections: 32, loopRows: 5_000, apiCalls: 200,
  analyticsSales: [10_000, 100_000], queryRounds: 100, exportLines: 100_000, importPartners: 10_000, importRows: 20_000,
};

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const base = { ...(quick ? QUICK : FULL), quick, profile: argv.includes('--profile'), keep: argv.includes('--keep') };
  const number = (flag: string): number | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? Number(argv[index + 1]) : undefined;
  };
  const only = argv.indexOf('--only');
  return {
    ...base,
    partners: number('--partners') ?? base.partners,
    durationS: number('--duration') ?? base.durationS,
    connections: number('--connections') ?? base.connections,
    loopRows: number('--loop-rows') ?? base.loopRows,
    exportLines: number('--export-lines') ?? base.exportLines,
    importPartners: number('--import-partners') ?? base.importPartners,
    importRows: number('--import-rows') ?? base.importRows,
    ...(only >= 0 && { only: argv[only + 1].split(',') }),
  };
}
