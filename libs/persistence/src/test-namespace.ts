import { randomBytes } from 'node:crypto';

const RUN_NAMESPACE = /^swt_[a-z0-9_]*$/;

/**
 * A fresh prefix for one test's databases, roles, queues and keys: `swt_<random>`. Inside `npm test`
 * it starts with the run's own `TEST_RUN_NAMESPACE` (scripts/test.sh sets e.g. `swt_3fa1_`), so the
 * run's guard tells what this run left behind from what a test run beside it made.
 */
export function testNamespace(): string {
  const run = process.env.TEST_RUN_NAMESPACE || 'swt_';
  if (!RUN_NAMESPACE.test(run)) throw new Error(`TEST_RUN_NAMESPACE '${run}' must match ${RUN_NAMESPACE}`);
  return `${run}${randomBytes(4).toString('hex')}`;
}
