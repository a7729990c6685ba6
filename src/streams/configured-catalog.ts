import { ConfigError } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import type { Logger } from '../logger.js';
import { isObject } from '../state.js';
import { STREAMS, findStream } from './definitions.js';
import type { ConfiguredStream, SyncMode } from './reader.js';

/**
 * Reads the `--catalog` file and checks every stream against what discover offers. All problems
 * are collected into one ConfigError, so the user fixes them in one pass. A `cursor_field` other
 * than the source-defined one is ignored with a warning, because under the protocol a
 * source-defined cursor takes precedence.
 */
export function loadConfiguredCatalog(path: string, logger: Logger): ConfiguredStream[] {
  const catalog = readJsonFile(path, 'catalog');
  if (!isObject(catalog) || !Array.isArray(catalog.streams)) {
    throw new ConfigError(`The catalog file ${path} must be a JSON object with a "streams" array (a ConfiguredAirbyteCatalog, as written by Airbyte).`);
  }
  if (catalog.streams.length === 0) {
    throw new ConfigError(`The catalog file ${path} configures no streams. Select at least one stream: ${STREAMS.map((s) => s.name).join(', ')}.`);
  }

  const problems: string[] = [];
  const configured: ConfiguredStream[] = [];
  const seen = new Set<string>();

  catalog.streams.forEach((entry, index) => {
    const stream = isObject(entry) && isObject(entry.stream) ? entry.stream : undefined;
    const name = typeof stream?.name === 'string' ? stream.name : undefined;
    if (!isObject(entry) || !name) {
      problems.push(`entry ${index} has no stream.name`);
      return;
    }

    const definition = findStream(name);
    if (!definition) {
      problems.push(`stream "${name}" does not exist in this source (known streams: ${STREAMS.map((s) => s.name).join(', ')})`);
      return;
    }
    const key = `${String(stream?.namespace ?? '')}/${name}`;
    if (seen.has(key)) {
      problems.push(`stream "${name}" is configured twice`);
      return;
    }
    seen.add(key);

    const syncMode = entry.sync_mode ?? 'full_refresh';
    const supported: SyncMode[] = definition.cursor ? ['full_refresh', 'incremental'] : ['full_refresh'];
    if (!supported.includes(syncMode as SyncMode)) {
      problems.push(`stream "${name}" has sync_mode ${JSON.stringify(syncMode)}, but it supports only ${supported.join(' and ')}`);
      return;
    }

    const cursorField = entry.cursor_field;
    if (syncMode === 'incremental' && Array.isArray(cursorField) && cursorField.length > 0 && cursorField.join('.') !== definition.cursor?.field) {
      logger.warn(
        { stream: name, cursor_field: cursorField.join('.'), used: definition.cursor?.field },
        'Ignoring the configured cursor_field: this stream has a source-defined cursor',
      );
    }

    const descriptor = typeof stream?.namespace === 'string' ? { name, namespace: stream.namespace } : { name };
    configured.push({ definition, syncMode: syncMode as SyncMode, descriptor });
  });

  if (problems.length > 0) {
    throw new ConfigError(`The catalog file ${path} is invalid: ${problems.join('; ')}. Refresh the source schema in Airbyte, or fix the catalog.`);
  }
  return configured;
}
