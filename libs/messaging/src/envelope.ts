import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventType } from '@spiffworks/contracts';
import { currentCorrelationId } from './correlation';
import { traceCarrier } from './trace-context';

export const ENVELOPE_VERSION = 1;

export function createEnvelope<P>(type: EventType, payload: P, source: string): EventEnvelope<P> {
  return {
    id: randomUUID(),
    type,
    version: ENVELOPE_VERSION,
    occurred_at: new Date().toISOString(),
    source,
    correlation_id: currentCorrelationId(),
    // The span that published it: the relay's publish and every consumer continue its trace.
    ...traceCarrier(),
    payload,
  };
}

/** What Nest's RMQ transport expects on the wire: an event is `{ pattern, data }` without an id. */
export function encodeEvent(envelope: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify({ pattern: envelope.type, data: envelope }));
}
