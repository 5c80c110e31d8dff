import type { BFFSection } from "../../api/types";

/** What to show for a BFF section that did not answer `ok`: the service's own problem, or which service is down. */
export function sectionError<T>(section: BFFSection<T> | undefined, service: string): string | undefined {
  if (!section || section.status === "ok") return undefined;
  if (section.status === "unavailable") return `The ${service} service is not answering right now${section.reason ? ` (${section.reason})` : ""}. The rest of the page still works.`;
  return section.problem?.detail ?? section.problem?.title ?? `The ${service} service answered with an error (${section.http_status ?? "?"}).`;
}
