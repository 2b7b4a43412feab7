/** The four sectors that publish on the bus; `childwelfare` is written without a hyphen in type names and topics. */
export const SECTORS = ['health', 'school', 'childwelfare', 'coordination'] as const;
export type Sector = (typeof SECTORS)[number];

export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value);
}
