import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { MOVE_OPEN, TIER_HINTS, TIER_LABELS, type Isolation } from "../../api/tenantTypes";
import { useSession } from "../../auth/session";
import { Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatCount, formatDateTime, humanize } from "../../lib/format";
import { useAsync } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";
import { useAction } from "./useAction";

const TIERS = ["shared", "schema", "database"];

const MOVE_STATUS: Record<string, { label: string; tone: string }> = {
  copying: { label: "Copying your data", tone: "warn" },
  finishing: { label: "Switching over", tone: "warn" },
  aborting: { label: "Undoing the move", tone: "warn" },
  done: { label: "Finished", tone: "good" },
  failed: { label: "Failed, nothing changed", tone: "bad" },
};

/** Where the organisation's data is kept (isolation tier), the tiers its plan allows, and moves between them. */
export function IsolationPanel({ organizationId, onMoved }: { organizationId: string; onMoved: () => void }) {
  const { role } = useSession();
  const toast = useToast();
  const url = `/api/v1/tenant/organizations/${organizationId}/isolation`;
  const isolation = useAsync((signal) => api<Isolation>(url, { signal }), [url]);
  const action = useAction();
  const [target, setTarget] = useState<string | null>(null);
  const data = isolation.data;
  const moving = Boolean(data?.relocating_to) || (data?.move ? MOVE_OPEN.has(data.move.status) : false);
  const owner = role === "owner";

  // While a move runs, ask again every few seconds; when it ends, the rest of the page reloads.
  const { reload } = isolation;
  useEffect(() => {
    if (!moving) return undefined;
    const timer = window.setInterval(reload, 3000);
    return () => window.clearInterval(timer);
  }, [moving, reload]);
  const [wasMoving, setWasMoving] = useState(false);
  useEffect(() => {
    if (moving) setWasMoving(true);
    else if (wasMoving) {
      setWasMoving(false);
      onMoved();
    }
  }, [moving, wasMoving, onMoved]);

  async function move() {
    if (!target) return;
    const ok = await action.run(async () => {
      const answer = await api<Isolation>(url, { method: "PUT", body: { tier: target } });
      isolation.setData(answer);
      toast(`Moving your data to “${TIER_LABELS[target] ?? target}”`, "info");
    });
    if (ok) setTarget(null);
  }

  return (
    <Section title="Data storage (isolation)" testId="isolation-tier" loading={isolation.loading && !data} error={isolation.error} onRetry={reload}>
      {data && (
        <>
          <p>
            Your data is kept in: <strong data-testid="isolation-current">{TIER_LABELS[data.tier] ?? humanize(data.tier)}</strong>
            {data.relocating_to && (
              <>
                {" "}
                <span className="badge warn">moving to {TIER_LABELS[data.relocating_to] ?? data.relocating_to}</span>
              </>
            )}
          </p>
          <ul className="tier-list">
            {TIERS.map((tier) => {
              const allowed = data.allowed_tiers.includes(tier);
              const current = tier === data.tier;
              return (
                <li key={tier} className={`tier ${current ? "current" : ""}`}>
                  <div>
                    <strong>{TIER_LABELS[tier]}</strong> {current && <span className="badge good">Current</span>}
                    {!allowed && <span className="badge">Not in your plan</span>}
                    <div className="hint">{TIER_HINTS[tier]}</div>
                  </div>
                  {!current && allowed && owner && (
                    <button type="button" className="button secondary small" disabled={moving || action.busy} onClick={() => setTarget(tier)}>
                      Move here
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {!owner && <p className="hint">Only owners can move the organisation&rsquo;s data.</p>}
          {owner && data.allowed_tiers.length <= 1 && <p className="hint">Your plan includes one storage option. Higher plans add separate storage.</p>}
          {data.move && <MoveReport isolation={data} />}
        </>
      )}
      {target && data && (
        <ConfirmDialog
          title={`Move your data to “${TIER_LABELS[target] ?? target}”?`}
          confirmLabel="Start the move"
          tone="primary"
          busy={action.busy}
          error={action.error}
          onConfirm={() => void move()}
          onClose={() => {
            setTarget(null);
            action.reset();
          }}
        >
          <p>{TIER_HINTS[target]}</p>
          <p>
            Every part of the platform copies your statements, transactions and settings to the new place and checks that nothing was lost before
            switching over. If any copy fails, nothing changes.
          </p>
          <p>
            While it runs, everyone can still see the data, but uploads and edits wait until it has finished.
          </p>
        </ConfirmDialog>
      )}
    </Section>
  );
}

function MoveReport({ isolation }: { isolation: Isolation }) {
  const move = isolation.move!;
  const status = MOVE_STATUS[move.status] ?? { label: humanize(move.status), tone: "" };
  const open = MOVE_OPEN.has(move.status);
  return (
    <div className="move-report" aria-live="polite" data-testid="isolation-move">
      <h3>
        {open ? "Move in progress" : "Latest move"}: {TIER_LABELS[move.from] ?? move.from} → {TIER_LABELS[move.to] ?? move.to}
      </h3>
      <p>
        <span className={`badge ${status.tone}`}>{status.label}</span>{" "}
        <span className="hint">
          started {formatDateTime(move.started_at)}
          {move.finished_at && `, ended ${formatDateTime(move.finished_at)}`}
        </span>
      </p>
      {open && (
        <div className="progress indeterminate" role="progressbar" aria-label="Move in progress">
          <span />
        </div>
      )}
      {move.error && <p className="note note-error">{move.error}</p>}
      {move.services && move.services.length > 0 && (
        <ul className="list small-text">
          {move.services.map((service) => (
            <li key={service.service}>
              <span>{humanize(service.service)}</span>
              <span className="num">{formatCount(service.report?.copied_rows ?? 0)} records copied</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
