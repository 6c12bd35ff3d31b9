import { startTracing } from '@spiffworks/telemetry';

// Imported first by main.ts: the SDK patches http, pg and amqplib before anything loads them.
startTracing('partners');
