import { useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import { ApiError, networkProblem } from "../../api/problem";
import type { JobList, RecategorizeJob } from "../../api/ruleTypes";
import { useSession } from "../../auth/session";
import { ErrorNote, Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatCount, formatDateTime } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";

const POLL_MS = 1500;

export interface ApplyOffer {
  ruleName: string;
  /** From the preview, when there was one. */
  wouldChange: number | null;
}

function running(job: RecategorizeJob | null): boolean {
  return !!job && (job.status === "queued" || job.status === "running");
}

/** Re-categorise the organisation's history with the current rules (a job on the server), showing its progress. */
export function Recategorize({ canWrite, offer, onOfferDone, onFinished }: { canWrite: boolean; offer: ApplyOffer | null; onOfferDone: () => void; onFinished: () => void }) {
  const { organizationId } = useSession();
  const toast = useToast();
  const jobs = useAsync((signal) => api<JobList>("/api/v1/categorizer/recategorize", { signal }).then((answer) => answer.jobs), [organizationId]);
  const [job, setJob] = useState<RecategorizeJob | null>(null);
  const [includeManual, setIncludeManual] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [pollError, setPollError] = useState<ApiError | null>(null);
  const [pollNonce, setPollNonce] = useState(0);
  const latest = job ?? jobs.data?.[0] ?? null;
  const announced = useRef<string | null>(null);

  useEffect(() => {
    if (!latest || !running(latest)) return undefined;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api<RecategorizeJob>(`/api/v1/categorizer/recategorize/${encodeURIComponent(latest.id)}`, { signal: controller.signal })
        .then((next) => {
          setPollError(null);
          setJob(next);
        })
        .catch((reason: unknown) => {
          if (!controller.signal.aborted) setPollError(reason instanceof ApiError ? reason : networkProblem(reason));
        });
    }, POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [latest, pollNonce]);

  // Say once when a job started here finishes.
  useEffect(() => {
    if (!job || running(job) || announced.current === job.id) return;
    announced.current = job.id;
    if (job.status === "succeeded") {
      toast(`Done: ${formatCount(job.changed)} past transactions changed category`, "success");
      onFinished();
    } else toast(`Re-categorising failed${job.error ? `: ${job.error}` : ""}`, "error");
  }, [job, toast, onFinished]);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const started = await api<RecategorizeJob>("/api/v1/categorizer/recategorize", { body: { include_manual: includeManual } });
      announced.current = null;
      setJob(started);
      onOfferDone();
    } catch (reason) {
      setError(reason instanceof ApiError ? reason : networkProblem(reason));
    } finally {
      setStarting(false);
    }
  }

  const busy = running(latest);
  const percent = latest ? Math.round(Math.min(1, Math.max(0, latest.progress)) * 100) : 0;
  if (!canWrite && !latest && !jobs.loading) return null;

  return (
    <Section title="Apply rules to past transactions" testId="recategorize" error={jobs.error && !latest ? jobs.error : null} onRetry={jobs.reload}>
      {offer && canWrite && !busy && (
        <div className="note note-success apply-offer" role="status">
          <p>
            Rule “{offer.ruleName}” is saved: it files new transactions from now on.
            {offer.wouldChange !== null && offer.wouldChange > 0
              ? ` Applying it to past transactions would change ${formatCount(offer.wouldChange)} of them.`
              : " Apply it to past transactions too?"}
          </p>
          <div className="row">
            <button type="button" className="button small" onClick={() => void start()} disabled={starting} data-testid="apply-to-history">
              {starting ? "Starting…" : "Apply to past transactions"}
            </button>
            <button type="button" className="button secondary small" onClick={onOfferDone}>
              Not now
            </button>
          </div>
        </div>
      )}
      {latest && (
        <div className="job" data-testid="recategorize-job">
          <p>
            {latest.status === "queued" && "Waiting to start…"}
            {latest.status === "running" && "Re-categorising your past transactions…"}
            {latest.status === "succeeded" && `Last run finished ${formatDateTime(latest.finished_at ?? latest.created_at)}: ${formatCount(latest.changed)} changed.`}
            {latest.status === "failed" && `The last run failed${latest.error ? `: ${latest.error}` : ""}.`}
          </p>
          {busy && (
            <>
              <div className="progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="recategorize-progress">
                <span style={{ width: `${percent}%` }} />
              </div>
              <p className="hint">
                Checked {formatCount(latest.processed)} of {formatCount(latest.total)} · {formatCount(latest.changed)} changed so far
              </p>
            </>
          )}
          {pollError && (
            <p className="note note-warning" role="alert">
              Could not check the progress: {pollError.friendly}{" "}
              <button type="button" className="button link" onClick={() => setPollNonce((value) => value + 1)}>
                Check again
              </button>
            </p>
          )}
        </div>
      )}
      {canWrite && !busy && (
        <div className="recategorize-start">
          <p className="hint">New rules and corrections apply to new transactions. Re-categorising applies them to everything already uploaded.</p>
          <label className="check">
            <input type="checkbox" checked={includeManual} onChange={(event) => setIncludeManual(event.target.checked)} />
            Also change categories that were set by hand
          </label>
          <button type="button" className="button secondary" onClick={() => void start()} disabled={starting}>
            {starting ? "Starting…" : "Re-categorise past transactions"}
          </button>
        </div>
      )}
      <ErrorNote error={error} />
    </Section>
  );
}
