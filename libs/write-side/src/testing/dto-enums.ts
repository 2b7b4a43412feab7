import { catalogEntry, type KnownEventType } from '@samvirke/contracts';
import { getMetadataStorage } from 'class-validator';

type Dto = new (...args: never[]) => object;

// @nestjs/swagger's metadata keys (its DECORATORS constants, which the package does not export).
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

interface SchemaNode {
  anyOf?: SchemaNode[];
  const?: unknown;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
}

/** The literal values of an enum field (or of an array field's items), from every variant of the schema. */
function schemaEnums(schema: SchemaNode): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  const variants = schema.anyOf && !schema.properties ? schema.anyOf : [schema];
  for (const variant of variants) {
    for (const [field, node] of Object.entries(variant.properties ?? {})) {
      const values = (node.items ?? node).anyOf?.map((v) => v.const);
      if (values?.length && values.every((v) => typeof v === 'string')) enums.set(field, values);
    }
  }
  return enums;
}

/** What the DTO says a field may hold: its `@IsIn(...)` list and its `@ApiProperty({enum})`. */
function dtoEnums(dto: Dto): Map<string, { isIn?: unknown[]; swagger?: unknown[] }> {
  const fields = new Map<string, { isIn?: unknown[]; swagger?: unknown[] }>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    if (meta.name !== 'isIn') continue;
    fields.set(meta.propertyName, { isIn: [...(meta.constraints[0] as unknown[])] });
  }
  const named: string[] = Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, dto.prototype) ?? [];
  for (const property of named.map((name) => name.replace(/^:/, ''))) {
    const options = Reflect.getMetadata(API_MODEL_PROPERTIES, dto.prototype, property);
    const values: unknown = options?.enum ?? options?.items?.enum; // `isArray: true` moves it to items
    if (!Array.isArray(values)) continue;
    fields.set(property, { ...fields.get(property), swagger: [...values] });
  }
  return fields;
}

/**
 * Where a DTO's enums part from the catalog's for the event it records: each field the DTO
 * restricts (by `@IsIn` or a swagger `enum`) and each catalog enum field the DTO carries, with
 * the values on both sides. Empty when the HTTP edge accepts exactly what the event may hold.
 */
export function dtoEnumMismatches(dto: Dto, type: KnownEventType) {
  const catalog = schemaEnums(catalogEntry(type).schema as SchemaNode);
  const dtoFields = dtoEnums(dto);
  const carried = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
  const fields = new Set([
    ...dtoFields.keys(),
    ...[...catalog.keys()].filter((f) => carried.has(f)),
  ]);
  return [...fields]
    .map((field) => ({ field, catalog: catalog.get(field), ...dtoFields.get(field) }))
    .filter(
      ({ catalog, isIn, swagger }) =>
        String(catalog) !== String(isIn) || String(catalog) !== String(swagger),
    );
}
