import type { ApiError } from "../../api/problem";
import type { BFFSection } from "../../api/types";

/**
 * What to show for a section of the cash-flow document that did not answer `ok`: the service's own problem (with
 * its field messages), or which service is unavailable. When the whole call failed, that error stands for every section.
 */
export function sectionProblem<T>(section: BFFSection<T> | undefined, whole: ApiError | undefined, service = "analytics"): string | undefined {
  if (whole) return whole.friendly;
  if (!section || section.status === "ok") return undefined;
  const named = (section as { service?: string }).service ?? service;
  if (section.status === "unavailable") {
    return `The ${named} service is unavailable right now${section.reason ? ` (${section.reason})` : ""}. The rest of the page still works.`;
  }
  const problem = section.problem as (BFFSection<T>["problem"] & { errors?: { detail?: string }[] }) | undefined;
  const details = (problem?.errors ?? []).map((error) => error.detail).filter((text): text is string => !!text);
  const head = problem?.detail && problem.detail !== problem.title ? problem.detail : problem?.title;
  const text = [head, ...details].filter(Boolean).join(": ");
  return text || `The ${named} service answered with an error (${section.http_status ?? "unknown status"}).`;
}

/** True when the section failed because the organisation has no ledger yet (nothing uploaded). */
export function isNoLedger<T>(section: BFFSection<T> | undefined): boolean {
  return section?.status === "error" && String(section.problem?.type ?? "").includes("no-ledger");
}
