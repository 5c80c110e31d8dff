import { useState } from "react";
import { api } from "../../api/client";
import { ApiError } from "../../api/problem";
import {
  categoryName,
  describeTrigger,
  type Category,
  type StoredRule,
  type Suggestion,
  type SuggestionDecision,
  type SuggestionList,
} from "../../api/ruleTypes";
import { useSession } from "../../auth/session";
import { Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { useAsync } from "../../lib/useAsync";

/** "party:key" as a person reads it: the proposed rule's own name is usually better. */
function partyLabel(suggestion: Suggestion): string {
  const [kind, ...rest] = suggestion.counterparty_key.split(":");
  const value = rest.join(":");
  if (!value) return suggestion.counterparty_key;
  const kinds: Record<string, string> = { code: "Paybill or till", paybill: "Paybill", till: "Till", business: "Business", person: "", phone: "Phone", name: "", agent: "Agent" };
  const prefix = kinds[kind] ?? kind;
  return prefix ? `${prefix} ${value}` : value;
}

/** Rules the categorizer proposes after the same correction was made several times: accept (saved as a rule) or dismiss. */
export function Suggestions({ categories, canWrite, onAccepted }: { categories: Category[] | undefined; canWrite: boolean; onAccepted: (rule: StoredRule) => void }) {
  const { organizationId } = useSession();
  const toast = useToast();
  const suggestions = useAsync((signal) => api<SuggestionList>("/api/v1/categorizer/suggestions", { signal }).then((answer) => answer.suggestions), [organizationId]);
  const [busy, setBusy] = useState<string | null>(null);
  const list = suggestions.data ?? [];

  async function decide(suggestion: Suggestion, accept: boolean) {
    setBusy(suggestion.id);
    try {
      const answer = await api<SuggestionDecision>(`/api/v1/categorizer/suggestions/${encodeURIComponent(suggestion.id)}/${accept ? "accept" : "dismiss"}`, {
        method: "POST",
      });
      suggestions.setData((previous) => (previous ?? []).filter((item) => item.id !== suggestion.id));
      if (accept && answer.rule) {
        toast(`Rule “${answer.rule.name}” created`, "success");
        onAccepted(answer.rule);
      } else toast("Suggestion dismissed: it will not be proposed again", "info");
    } catch (reason) {
      const problem = reason instanceof ApiError ? reason : null;
      toast(`Nothing was changed: ${problem ? problem.friendly : String(reason)}`, "error");
      if (problem?.status === 409 || problem?.status === 404) suggestions.reload();
    } finally {
      setBusy(null);
    }
  }

  return (
    <Section
      title="Suggested rules"
      loading={suggestions.loading && !suggestions.data}
      error={suggestions.error}
      onRetry={suggestions.reload}
      empty={list.length === 0}
      emptyText="No suggestions right now. When you move the same party's transactions to one category a few times, a rule is suggested here."
      testId="suggestions"
    >
      <ul className="suggestions">
        {list.map((suggestion) => (
          <li key={suggestion.id} className="suggestion" data-testid="suggestion" data-id={suggestion.id}>
            <p className="suggestion-title">
              <strong>{suggestion.rule?.name || partyLabel(suggestion)}</strong>
            </p>
            <p className="hint">
              Suggested because you moved this party's transactions to {categoryName(categories, suggestion.category)} {suggestion.evidence} times.
              {suggestion.rule && suggestion.rule.triggers.length > 0 && (
                <>
                  {" "}
                  The rule: when {suggestion.rule.triggers.map(describeTrigger).join(suggestion.rule.match === "any" ? ", or " : ", and ")}, file under{" "}
                  {categoryName(categories, suggestion.category)}.
                </>
              )}
            </p>
            {canWrite && (
              <div className="row">
                <button type="button" className="button small" disabled={busy === suggestion.id} onClick={() => void decide(suggestion, true)}>
                  Accept<span className="visually-hidden"> the suggested rule for {partyLabel(suggestion)}</span>
                </button>
                <button type="button" className="button secondary small" disabled={busy === suggestion.id} onClick={() => void decide(suggestion, false)}>
                  Dismiss<span className="visually-hidden"> the suggested rule for {partyLabel(suggestion)}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
