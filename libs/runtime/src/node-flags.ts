/**
 * How every service process is started (scripts/start-platform, the test and bench harness; the
 * Dockerfile's CMD repeats them). Source maps make stack traces point at the TypeScript. A young
 * generation of 2 × 8 MB instead of V8's 2 × 16 MB keeps a busy service's RSS ~15 MB lower
 * (gateway under full sale load: 193 → 177 MB) for no measurable throughput cost (BENCHMARKS.md).
 */
export const SERVICE_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=8'] as const;
