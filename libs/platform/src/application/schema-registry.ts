import { JsonObject, RecordedEvent } from '@pp/event-store';

/** Current schema version per event type; types not listed are at version 1. */
export const SCHEMA_VERSIONS: Record<string, number> = {};

/** Turns an event of version `n` into version `n + 1`. */
export type Upcaster = (data: JsonObject) => JsonObject;

const upcasters = new Map<string, Upcaster>();

/**
 * Registers the upcaster from `fromVersion` to `fromVersion + 1` of an event type and raises the
 * type's current version. Every read path (command pipeline, projections, audit) applies them.
 */
export function registerUpcaster(type: string, fromVersion: number, upcast: Upcaster): void {
  upcasters.set(`${type}@${fromVersion}`, upcast);
  SCHEMA_VERSIONS[type] = Math.max(SCHEMA_VERSIONS[type] ?? 1, fromVersion + 1);
}

/** Brings a stored event to its type's current schema version. */
export function upcast(event: RecordedEvent): RecordedEvent {
  let version = Number(event.metadata.schemaVersion ?? 1);
  let data = event.data;
  const target = SCHEMA_VERSIONS[event.type] ?? 1;
  while (version < target) {
    const step = upcasters.get(`${event.type}@${version}`);
    if (!step) throw new Error(`no upcaster for ${event.type} v${version}`);
    data = step(data);
    version += 1;
  }
  return version === Number(event.metadata.schemaVersion ?? 1) ? event : { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
}

/** {@link upcast} over a batch. */
export const upcastAll = (events: readonly RecordedEvent[]): RecordedEvent[] => events.map(upcast);
