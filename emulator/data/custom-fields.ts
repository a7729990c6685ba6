// Expense custom fields, one definition per (data type, single value or list) pair.
//
// Brex's CustomField.value is a oneOf over single and list wrappers that differ only in
// whether `data` is an array, so a null `data` would match two branches and fail the
// schema. The generator therefore always fills `data`.

import type { CustomFieldDataType } from './enums.js';
import type { Random } from '../random.js';
import { addDays, dateToEpoch, epochToDateTime } from '../dates.js';

export interface CustomFieldValue {
  key: string;
  value: { value_type: 'SINGLE_VALUE' | 'LIST'; data_type: CustomFieldDataType; data: unknown };
}

interface FieldDefinition {
  key: string;
  dataType: CustomFieldDataType;
  list: boolean;
}

export const FIELD_DEFINITIONS: readonly FieldDefinition[] = [
  { key: 'project_code', dataType: 'STRING', list: false },
  { key: 'billable_hours', dataType: 'DECIMAL', list: false },
  { key: 'client_billable', dataType: 'BOOLEAN', list: false },
  { key: 'cost_center', dataType: 'ENUM', list: false },
  { key: 'event_time', dataType: 'TIMESTAMP', list: false },
  { key: 'service_date', dataType: 'DATE', list: false },
  { key: 'per_diem', dataType: 'MONEY', list: false },
  { key: 'client', dataType: 'OPTION_STRING', list: false },
  { key: 'tags', dataType: 'STRING', list: true },
  { key: 'split_percentages', dataType: 'DECIMAL', list: true },
  { key: 'approvals', dataType: 'BOOLEAN', list: true },
  { key: 'regions', dataType: 'ENUM', list: true },
  { key: 'checkpoints', dataType: 'TIMESTAMP', list: true },
  { key: 'travel_dates', dataType: 'DATE', list: true },
  { key: 'allowances', dataType: 'MONEY', list: true },
  { key: 'attendees', dataType: 'OPTION_STRING', list: true },
];

/** Builds a value for definition `definitionIndex`, with dates near `aroundDate`. */
export function makeCustomField(random: Random, definitionIndex: number, aroundDate: string): CustomFieldValue {
  const definition = FIELD_DEFINITIONS[definitionIndex];
  const one = () => singleValue(random, definition.dataType, aroundDate);
  const data = definition.list ? Array.from({ length: random.int(1, 3) }, one) : one();
  return {
    key: definition.key,
    value: { value_type: definition.list ? 'LIST' : 'SINGLE_VALUE', data_type: definition.dataType, data },
  };
}

function singleValue(random: Random, dataType: CustomFieldDataType, aroundDate: string): unknown {
  switch (dataType) {
    case 'STRING':
      return random.pick(['PRJ-1042', 'PRJ-2210', 'offsite', 'Q4 launch', 'Überprüfung']);
    case 'DECIMAL':
      return random.int(1, 400) / 4;
    case 'BOOLEAN':
      return random.chance(0.5);
    case 'ENUM':
      return random.pick(['CC-100', 'CC-200', 'CC-300']);
    case 'TIMESTAMP':
      return epochToDateTime(dateToEpoch(aroundDate) + random.int(0, 86_399) * 1000);
    case 'DATE':
      return addDays(aroundDate, -random.int(0, 5));
    case 'MONEY':
      return { amount: random.int(1_000, 20_000), currency: random.pick(['USD', 'EUR', null]) };
    case 'OPTION_STRING':
      return random.chance(0.8)
        ? { option_id: `opt_${random.base36(8)}`, option_label: random.pick(['Northwind', 'Globex Example', 'Initech Example']) }
        : { option_id: `opt_${random.base36(8)}`, option_label: null };
  }
}
