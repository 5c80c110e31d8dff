import { useState } from "react";
import { api } from "../../api/client";
import { ApiError } from "../../api/problem";
import { describeAction, describeTrigger, STAGES, type Category, type StoredRule } from "../../api/ruleTypes";
import { Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatDateTime } from "../../lib/format";
import type { AsyncState } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";

/** The organisation's rules in the order they run, with pause/resume and delete for those who may change them. */
export function RulesList({ rules, categories, canWrite }: { rules: AsyncState<StoredRule[]>; categories: Category[] | undefined; canWrite: boolean }) {
  const toast = useToast();
  const [deleting, setDeleting] = useState<StoredRule | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const list = rules.data ?? [];

  async function remove(rule: StoredRule) {
    setBusy(rule.id);
    try {
      await api(`/api/v1/categorizer/rules/${encodeURIComponent(rule.id)}`, { method: "DELETE" });
      rules.setData((previous) => (previous ?? []).filter((item) => item.id !== rule.id));
      toast(`Rule “${rule.name}” deleted`, "success");
      setDeleting(null);
    } catch (reason) {
      toast(`The rule was not deleted: ${reason instanceof ApiError ? reason.friendly : String(reason)}`, "error");
    } finally {
      setBusy(null);
    }
  }

  async function toggle(rule: StoredRule) {
    setBusy(rule.id);
    const { id, version, created_at: _created, updated_at: _updated, ...definition } = rule;
    try {
      const saved = await api<StoredRule>(`/api/v1/categorizer/rules/${encodeURIComponent(id)}`, {
        method: "PUT",
        body: { ...definition, active: !rule.active, version },
      });
      rules.setData((previous) => (previous ?? []).map((item) => (item.id === id ? saved : item)));
      toast(saved.active ? `Rule “${rule.name}” is on again` : `Rule “${rule.name}” is paused`, "success");
    } catch (reason) {
      const problem = reason instanceof ApiError ? reason : null;
      toast(`Nothing was changed: ${problem ? problem.friendly : String(reason)}`, "error");
      if (problem?.status === 409) rules.reload();
    } finally {
      setBusy(null);
    }
  }

  return (
    <Section
      title={`Your rules${list.length ? ` (${list.length})` : ""}`}
      loading={rules.loading && !rules.data}
      error={rules.error}
      onRetry={rules.reload}
      empty={list.length === 0}
      emptyText={
        canWrite
          ? "No rules yet. Rules file transactions the way you want, before the automatic categories. Create one above."
          : "No rules yet."
      }
      testId="rules-list"
    >
      <p className="hint">Rules run from top to bottom; when several set a category, the last one wins.</p>
      <ol className="rules">
        {list.map((rule) => (
          <li key={rule.id} className={`rule-item ${rule.active ? "" : "paused"}`} data-testid="rule-item" data-id={rule.id}>
            <div className="rule-head">
              <strong>{rule.name}</strong>
              {!rule.active && <span className="badge warn">Paused</span>}
              {rule.stage !== "default" && <span className="badge">{STAGES.find((stage) => stage.value === rule.stage)?.label ?? rule.stage} stage</span>}
              {rule.stop_processing && <span className="badge">Stops the stage</span>}
            </div>
            <p className="rule-line">
              <span className="muted">When {rule.triggers.length > 1 ? (rule.match === "any" ? "any of: " : "all of: ") : ""}</span>
              {rule.triggers.map(describeTrigger).join(rule.match === "any" ? "; or " : "; and ")}
            </p>
            <p className="rule-line">
              <span className="muted">Then </span>
              {rule.actions.map((action) => describeAction(action, categories)).join(", and ")}
            </p>
            <p className="hint rule-meta">
              Priority {rule.priority} · version {rule.version} · changed {formatDateTime(rule.updated_at)}
            </p>
            {canWrite && (
              <div className="row rule-actions">
                <button type="button" className="button secondary small" disabled={busy === rule.id} onClick={() => void toggle(rule)}>
                  {rule.active ? "Pause" : "Turn on"}
                  <span className="visually-hidden"> rule {rule.name}</span>
                </button>
                <button type="button" className="button secondary small danger-text" disabled={busy === rule.id} onClick={() => setDeleting(rule)}>
                  Delete<span className="visually-hidden"> rule {rule.name}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {deleting && (
        <ConfirmDialog
          title="Delete this rule?"
          confirmLabel="Delete rule"
          busy={busy === deleting.id}
          onConfirm={() => void remove(deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>
            “{deleting.name}” will stop filing new transactions. Transactions it already filed keep their category until you re-categorise past
            transactions.
          </p>
        </ConfirmDialog>
      )}
    </Section>
  );
}
