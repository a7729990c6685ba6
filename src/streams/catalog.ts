import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AirbyteStream } from '../protocol/airbyte-protocol.generated.js';
import { schemasDir } from '../paths.js';
import type { StreamDefinition } from './definition.js';
import { STREAMS } from './definitions.js';

/** Builds the discovered AirbyteStream of a definition, with its JSON Schema from schemas/. */
export function toAirbyteStream(definition: StreamDefinition): AirbyteStream {
  const jsonSchema = JSON.parse(readFileSync(join(schemasDir, `${definition.name}.json`), 'utf8')) as Record<string, unknown>;
  const stream: AirbyteStream = {
    name: definition.name,
    json_schema: jsonSchema,
    supported_sync_modes: definition.cursor ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_primary_key: definition.primaryKey,
    // Incremental streams checkpoint a watermark and page cursor, so a retried attempt resumes.
    is_resumable: definition.cursor !== undefined,
  };
  if (definition.cursor) {
    stream.source_defined_cursor = true;
    stream.default_cursor_field = [definition.cursor.field];
  }
  return stream;
}

export function discoverStreams(): AirbyteStream[] {
  return STREAMS.map(toAirbyteStream);
}
