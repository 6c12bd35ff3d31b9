/**
 * SQL for a version-4-shaped uuid derived from a name (`md5` of it), so seeded rows get stable ids
 * a second call finds again, and ids the API accepts (its validation takes only RFC 4122 ids).
 */
export function namedUuid(nameSql: string): string {
  const hex = `md5(${nameSql})`;
  return `(substr(${hex}, 1, 12) || '4' || substr(${hex}, 14, 3) || '8' || substr(${hex}, 18, 15))::uuid`;
}
