/**
 * What `npm start` prints once the gateway's /health answers 200 (every service's database and
 * broker up): where to go and how to sign in. On a terminal a box for people; otherwise one JSON
 * line like every other, without the password (it may be a real one set by ADMIN_PASSWORD).
 */
export interface PlatformAddresses {
  gatewayUrl: string;
  adminEmail: string;
  /** Shown only when it is the documented default (ADMIN_PASSWORD unset). */
  adminPassword?: string;
}

export function readyBanner({ gatewayUrl, adminEmail, adminPassword }: PlatformAddresses): string {
  const lines = [
    'SpiffWorks is up',
    '',
    `Portal         ${gatewayUrl}/`,
    `API docs       ${gatewayUrl}/api/docs   (OpenAPI: ${gatewayUrl}/api/docs-json)`,
    `Health         ${gatewayUrl}/health`,
    `Admin sign-in  ${adminEmail} / ${adminPassword ?? '(your ADMIN_PASSWORD)'}`,
    '',
    `Load a demo program:  npm run demo${gatewayUrl === 'http://localhost:3000' ? '' : ` -- --url ${gatewayUrl}`}`,
    'Stop:  Ctrl-C',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const bar = '─'.repeat(width + 2);
  return ['', `┌${bar}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${bar}┘`, ''].join('\n');
}

export function readyLine({ gatewayUrl, adminEmail }: PlatformAddresses): string {
  return JSON.stringify({
    level: 'info',
    time: new Date().toISOString(),
    service: 'platform',
    msg: 'platform ready',
    portal_url: `${gatewayUrl}/`,
    api_docs_url: `${gatewayUrl}/api/docs`,
    health_url: `${gatewayUrl}/health`,
    admin_email: adminEmail,
  });
}
