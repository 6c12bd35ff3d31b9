/**
 * `npm run demo`: loads a realistic program (scripts/demo/program.ts) into a running platform
 * through its public API, then says how to sign in as the admin, a partner and the analyst.
 * Safe to run again: a second run finds everything and changes nothing.
 *
 *   npm run demo                                   # the platform of `npm start`, http://localhost:3000
 *   npm run demo -- --url http://localhost:4100    # or SPIFFWORKS_URL=…
 *   npm run demo -- --json                         # the summary as one JSON line (for scripts)
 *
 * The admin is ADMIN_EMAIL / ADMIN_PASSWORD (or --admin-email / --admin-password), the platform's
 * first admin by default.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_PASSWORD } from '../libs/runtime/src/public-secrets';
import { ApiProblem, DemoApi } from './demo/client';
import { loadDemo } from './demo/load';
import type { DemoSummary } from './demo/load';
import { DEMO_ANALYST, DEMO_PARTNER_PASSWORD, DEMO_SIGN_IN_PARTNER, partnersPlan } from './demo/program';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run demo -- [--url http://localhost:3000] [--admin-email …] [--admin-password …] [--json]');
    return;
  }
  const url = (values.url ?? process.env.SPIFFWORKS_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const admin = {
    email: values['admin-email'] ?? process.env.ADMIN_EMAIL ?? 'admin@spiffworks.local',
    password: values['admin-password'] ?? process.env.ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
  };
  const say = (line: string) => !values.json && console.log(line);

  const health = await fetch(`${url}/health`).then((r) => r.status, () => 0);
  if (health !== 200) {
    throw new Error(health === 0 ? `no platform answers at ${url}: start it with \`npm start\` (or pass --url)` : `${url}/health answers ${health}: the platform is not ready yet`);
  }
  say(`Loading the demo program into ${url} …`);
  const started = Date.now();
  const summary = await loadDemo(new DemoApi(url), admin);
  const seconds = (Date.now() - started) / 1000;
  if (values.json) console.log(JSON.stringify({ ...summary, seconds }));
  else console.log(report(summary, url, admin, seconds));
}

function report(s: DemoSummary, url: string, admin: { email: string; password: string }, seconds: number): string {
  const c = s.created;
  const nothingNew = Object.values(c).every((n) => n === 0);
  const partner = partnersPlan().find((p) => p.name === DEMO_SIGN_IN_PARTNER)!;
  return [
    '',
    `Demo program (sales ${s.months[0].month} to ${s.months[s.months.length - 1].month}), ${seconds.toFixed(1)} s:`,
    `  products   ${s.products}, with tier rates`,
    `  partners   ${s.partners.total}: ${Object.entries(s.partners.by_tier).map(([k, v]) => `${v} ${k}`).join(', ')}; ${Object.entries(s.partners.by_status).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `  spiffs     ${s.spiffs.map((x) => `${x.name} (${x.incentive}, ${x.assignments} partners)`).join('; ')}`,
    `  sales      ${s.sales} (revenue ${money(s.revenue)}), ${s.returns} of them partly returned (net revenue ${money(s.net_revenue)})`,
    `  ledger     sale lines: ${s.sale_lines.paid} paid (${s.months.filter((m) => m.settle === 'paid').map((m) => m.month).join(', ')}), ${s.sale_lines.approved} approved, ${s.sale_lines.pending} pending; ${s.milestone_rewards} milestone rewards`,
    nothingNew
      ? '  this run   found everything in place: nothing created or changed'
      : `  this run   created ${c.products} products, ${c.partners} partners, ${c.users} analyst, ${c.spiffs} spiffs, ${c.sales} sales, ${c.returns} returns; approved ${c.approvals} partners, suspended ${c.suspensions}; approved ${c.lines_approved} lines, paid ${c.lines_paid}`,
    '',
    `Portal: ${url}/   (API docs: ${url}/api/docs)`,
    `  admin    ${admin.email} / ${admin.password === DEFAULT_ADMIN_PASSWORD ? admin.password : '(your ADMIN_PASSWORD)'}`,
    `  partner  ${partner.contact_email} / ${DEMO_PARTNER_PASSWORD}   (${partner.name}, ${partner.tier}; every demo partner has this password)`,
    `  analyst  ${DEMO_ANALYST.email} / ${DEMO_ANALYST.password}`,
    '',
  ].join('\n');
}

function money(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof ApiProblem || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
