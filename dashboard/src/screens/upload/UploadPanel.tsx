import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { api, followEvents, upload } from "../../api/client";
import { ApiError } from "../../api/problem";
import type { Job, Statement } from "../../api/statementTypes";
import { ErrorNote, Section } from "../../components/Section";
import { Link } from "../../lib/router";
import { Verdict } from "./Verdict";

type Phase =
  | { step: "idle" }
  | { step: "uploading"; sent: number; total: number }
  | { step: "processing"; job: Job }
  | { step: "done"; statement: Statement }
  | { step: "failed"; error: ApiError };

const ACCEPTED = ".pdf,.csv,.xlsx,.xls,.txt";
const STAGES: Record<string, string> = {
  queued: "Waiting to start",
  parsing: "Reading the statement",
  categorizing: "Sorting transactions into categories",
  categorising: "Sorting transactions into categories",
  storing: "Saving to your ledger",
  done: "Done",
};

function describe(file: File): string {
  const kib = file.size / 1024;
  return `${file.name} (${kib >= 1024 ? `${(kib / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(kib))} KB`})`;
}

/**
 * Drop a statement (PDF, CSV, XLSX) or paste M-PESA SMS messages; a password is asked for when the PDF needs one.
 * Progress: bytes sent, then the job's stages live (server-sent events), then the reconciliation verdict.
 */
export function UploadPanel({ onStored }: { onStored: () => void }) {
  const [mode, setMode] = useState<"file" | "sms">("file");
  const [file, setFile] = useState<File | null>(null);
  const [sms, setSms] = useState("");
  const [password, setPassword] = useState("");
  const [needsPassword, setNeedsPassword] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  const input = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const busy = phase.step === "uploading" || phase.step === "processing";
  const isPdf = !!file && (file.type === "application/pdf" || file.name.toLowerCase().endsWith(".pdf"));

  function choose(chosen: File | undefined) {
    if (!chosen) return;
    setFile(chosen);
    setPhase({ step: "idle" });
    setNeedsPassword(false);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  }

  async function follow(job: Job): Promise<Statement> {
    let latest = job;
    await followEvents(`/api/v1/analytics/jobs/${job.id}/events`, (event) => {
      try {
        latest = JSON.parse(event.data) as Job;
      } catch {
        return false;
      }
      setPhase({ step: "processing", job: latest });
      return event.event === "done" || event.event === "failed";
    });
    // The stream can end early (a proxy timeout); the job's own record is the truth.
    if (latest.status !== "succeeded" && latest.status !== "failed") latest = await api<Job>(`/api/v1/analytics/jobs/${job.id}`, { query: { wait: true } });
    if (latest.status === "failed" || !latest.statement_id) {
      const error = latest.error ?? {};
      throw new ApiError({ type: String(error.type ?? "upload-failed"), title: String(error.title ?? "The upload failed"), status: Number(error.status ?? 422), ...error });
    }
    return api<Statement>(`/api/v1/analytics/statements/${latest.statement_id}`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const form = new FormData();
    if (mode === "file") {
      if (!file) return;
      form.append("file", file, file.name);
      if (password) form.append("password", password);
    } else {
      if (!sms.trim()) return;
      form.append("file", new Blob([sms], { type: "text/plain" }), "mpesa-messages.txt");
      form.append("format", "sms");
    }
    setPhase({ step: "uploading", sent: 0, total: 0 });
    try {
      const job = await upload<Job>("/api/v1/analytics/statements", form, (sent, total) => setPhase({ step: "uploading", sent, total }));
      setPhase({ step: "processing", job });
      const statement = await follow(job);
      setPhase({ step: "done", statement });
      setFile(null);
      setSms("");
      setPassword("");
      setNeedsPassword(false);
      onStored();
    } catch (reason) {
      const error = reason instanceof ApiError ? reason : new ApiError({ type: "client", title: String(reason), status: 0 });
      if (error.problem.type.endsWith("password-required") || error.problem.type.endsWith("wrong-password")) {
        setNeedsPassword(true);
        window.setTimeout(() => passwordInput.current?.focus(), 0);
      }
      setPhase({ step: "failed", error });
    }
  }

  const percent =
    phase.step === "uploading" ? (phase.total > 0 ? Math.round((phase.sent * 100) / phase.total) : 0) : phase.step === "processing" ? phase.job.progress : 100;
  const duplicate = phase.step === "failed" && phase.error.status === 409;

  return (
    <Section title="Add a statement" testId="upload-panel">
      <div className="segmented" role="tablist" aria-label="What to upload">
        <button type="button" role="tab" aria-selected={mode === "file"} className={`button small ${mode === "file" ? "" : "secondary"}`} onClick={() => setMode("file")}>
          Statement file
        </button>
        <button type="button" role="tab" aria-selected={mode === "sms"} className={`button small ${mode === "sms" ? "" : "secondary"}`} onClick={() => setMode("sms")}>
          Paste SMS messages
        </button>
      </div>
      <form onSubmit={submit} className="upload-form">
        {mode === "file" ? (
          <div
            className={`dropzone ${dragging ? "dragging" : ""}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
          >
            <p>
              <strong>Drop your M-PESA statement here</strong>
            </p>
            <p className="muted small-text">The PDF Safaricom e-mails you, or a CSV/Excel export from the M-PESA business portal.</p>
            <input
              ref={input}
              id="statement-file"
              type="file"
              accept={ACCEPTED}
              className="visually-hidden"
              onChange={(event) => choose(event.target.files?.[0])}
              data-testid="file-input"
              aria-label="Statement file"
            />
            <button type="button" className="button secondary" onClick={() => input.current?.click()}>
              Choose a file
            </button>
            {file && <p data-testid="chosen-file">{describe(file)}</p>}
          </div>
        ) : (
          <label className="field">
            M-PESA messages
            <textarea
              id="sms-text"
              value={sms}
              onChange={(event) => setSms(event.target.value)}
              placeholder="Paste one or more M-PESA confirmation messages, e.g. “QK12ABC3DE Confirmed. Ksh1,500.00 received from …”"
              rows={8}
            />
            <span className="hint">Copy them from your phone's messages; one message per line or paragraph.</span>
          </label>
        )}
        {mode === "file" && (isPdf || needsPassword) && (
          <label className="field password-field">
            Statement password
            <input
              ref={passwordInput}
              id="statement-password"
              type="password"
              autoComplete="off"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-describedby="password-help"
              data-testid="statement-password"
            />
            <span className="hint" id="password-help">
              Safaricom protects statements with a code sent to you by SMS when you requested the statement (often your ID number).
            </span>
          </label>
        )}
        {phase.step === "failed" && !duplicate && <ErrorNote error={phase.error} />}
        {duplicate && (
          <p className="note note-info">
            This statement is already in your ledger; nothing was added twice.{" "}
            {typeof phase.error.problem.statement_id === "string" && <Link to={`/transactions?statement_id=${phase.error.problem.statement_id}`}>See its transactions</Link>}
          </p>
        )}
        <div className="row">
          <button type="submit" className="button" disabled={busy || (mode === "file" ? !file : !sms.trim())} data-testid="upload-submit">
            {busy ? "Working…" : "Upload"}
          </button>
          {busy && (
            <div className="grow" aria-live="polite">
              <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Upload progress">
                <span style={{ width: `${percent}%` }} />
              </div>
              <span className="small-text muted" data-testid="upload-stage">
                {phase.step === "uploading" ? `Sending the file… ${percent}%` : `${STAGES[phase.step === "processing" ? phase.job.stage : "done"] ?? phase.step} · ${percent}%`}
              </span>
            </div>
          )}
        </div>
      </form>
      {phase.step === "done" && (
        <div className="upload-result" data-testid="upload-result">
          <Verdict statement={phase.statement} />
          <div className="row">
            <Link to="/" className="button">
              See your overview
            </Link>
            <Link to={`/transactions?statement_id=${phase.statement.id}`} className="button secondary">
              See its transactions
            </Link>
          </div>
        </div>
      )}
    </Section>
  );
}
