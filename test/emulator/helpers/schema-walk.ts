// Walks response data along Brex's OpenAPI schemas to find which enum values appear and
// which served properties the schema does not declare.

import { componentValidator, loadSpec, refName, type SchemaNode, type SpecFile } from './openapi.js';

/** Enum locations are keyed '<component>#<path inside it>', e.g. 'ExpandableExpense#.category'. */
export interface EnumTally {
  expected: Set<unknown>;
  seen: Set<unknown>;
}

export interface WalkReport {
  enums: Map<string, EnumTally>;
  /** '<component>#<path>.<key>' for every served key the schema does not declare. */
  undeclared: Set<string>;
}

export function newReport(): WalkReport {
  return { enums: new Map(), undeclared: new Set() };
}

/** Lists every enum location reachable from `root`, without looking at data. */
export function reachableEnums(file: SpecFile, root: SchemaNode): Map<string, Set<unknown>> {
  const components = loadSpec(file).components.schemas;
  const found = new Map<string, Set<unknown>>();
  const visited = new Set<string>();

  const visit = (node: SchemaNode, owner: string, path: string) => {
    if (typeof node.$ref === 'string') {
      const name = refName(node.$ref);
      if (!visited.has(name)) {
        visited.add(name);
        visit(components[name], name, '');
      }
      return;
    }
    if (Array.isArray(node.enum)) {
      const key = `${owner}#${path}`;
      const values = found.get(key) ?? new Set();
      node.enum.forEach((value) => values.add(value));
      found.set(key, values);
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      for (const part of (node[keyword] as SchemaNode[] | undefined) ?? []) {
        visit(part, owner, path);
      }
    }
    for (const [name, child] of Object.entries((node.properties as Record<string, SchemaNode> | undefined) ?? {})) {
      visit(child, owner, `${path}.${name}`);
    }
    if (node.items) {
      visit(node.items as SchemaNode, owner, `${path}[]`);
    }
  };

  visit(root, '(root)', '');
  return found;
}

/** Records the enum values and undeclared keys found in `data`, which follows `root`. */
export function walkData(file: SpecFile, root: SchemaNode, data: unknown, report: WalkReport): void {
  const components = loadSpec(file).components.schemas;
  const declaredCache = new Map<SchemaNode, Set<string> | null>();

  // Property names a schema declares through properties and allOf/oneOf/anyOf/$ref; null
  // when it allows any (a map with additionalProperties) or declares none.
  const declared = (node: SchemaNode, seen = new Set<SchemaNode>()): Set<string> | null => {
    if (declaredCache.has(node)) {
      return declaredCache.get(node)!;
    }
    if (seen.has(node)) {
      return new Set();
    }
    seen.add(node);
    if (typeof node.$ref === 'string') {
      return declared(components[refName(node.$ref)], seen);
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      return null;
    }
    const names = new Set(Object.keys((node.properties as object | undefined) ?? {}));
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      for (const part of (node[keyword] as SchemaNode[] | undefined) ?? []) {
        const partNames = declared(part, seen);
        if (partNames === null) {
          return null;
        }
        partNames.forEach((name) => names.add(name));
      }
    }
    const result = names.size > 0 ? names : null;
    declaredCache.set(node, result);
    return result;
  };

  const visit = (node: SchemaNode, value: unknown, owner: string, path: string, entry: boolean, stack: Set<string>) => {
    if (typeof node.$ref === 'string') {
      const name = refName(node.$ref);
      const marker = `${name}@${path}`;
      if (stack.has(marker) && value !== null && typeof value === 'object') {
        return;
      }
      const inner = new Set(stack).add(marker);
      visit(components[name], value, name, '', entry, inner);
      return;
    }
    if (Array.isArray(node.enum)) {
      const key = `${owner}#${path}`;
      const tally = report.enums.get(key) ?? { expected: new Set(), seen: new Set() };
      node.enum.forEach((item) => tally.expected.add(item));
      if (value !== null && value !== undefined) {
        tally.seen.add(value);
      }
      report.enums.set(key, tally);
    }
    if (value === null || value === undefined) {
      return;
    }
    for (const part of (node.allOf as SchemaNode[] | undefined) ?? []) {
      visit(part, value, owner, path, false, stack);
    }
    // Of a oneOf or anyOf, walk only the branches the value matches, so a value is never
    // checked against the properties of a branch it does not belong to.
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      for (const part of (node[keyword] as SchemaNode[] | undefined) ?? []) {
        const matches = typeof part.$ref !== 'string' || componentValidator(file, refName(part.$ref))(value);
        if (matches) {
          visit(part, value, owner, path, false, stack);
        }
      }
    }
    if (entry && typeof value === 'object' && !Array.isArray(value)) {
      const names = declared(node);
      if (names) {
        for (const key of Object.keys(value)) {
          if (!names.has(key)) {
            report.undeclared.add(`${owner}#${path}.${key}`);
          }
        }
      }
    }
    const properties = (node.properties as Record<string, SchemaNode> | undefined) ?? {};
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, child] of Object.entries(properties)) {
        visit(child, (value as Record<string, unknown>)[name], owner, `${path}.${name}`, true, stack);
      }
    }
    if (node.items && Array.isArray(value)) {
      for (const item of value) {
        visit(node.items as SchemaNode, item, owner, `${path}[]`, true, stack);
      }
    }
  };

  visit(root, data, '(root)', '', true, new Set());
}
