/** Time zones offered in the organisation forms: East Africa first, then every zone the browser knows. */
const PREFERRED = ["Africa/Nairobi", "Africa/Kampala", "Africa/Dar_es_Salaam", "Africa/Kigali", "Africa/Addis_Ababa", "Africa/Lagos", "Africa/Johannesburg", "UTC"];

export function timeZones(current?: string | null): string[] {
  let all: string[] = [];
  try {
    const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
    all = supported ? supported("timeZone") : [];
  } catch {
    all = [];
  }
  const list = [...PREFERRED, ...all.filter((zone) => !PREFERRED.includes(zone))];
  if (current && !list.includes(current)) list.unshift(current);
  return list;
}

export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, " ");
}
