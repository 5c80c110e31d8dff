import { useCallback, useState } from "react";
import { api } from "../api/client";
import type { DryRunAnswer, RuleList, StoredRule } from "../api/ruleTypes";
import { useSession } from "../auth/session";
import { PageHeader } from "../components/Section";
import { useToast } from "../components/Toasts";
import { useAsync } from "../lib/useAsync";
import { Categories } from "./rules/Categories";
import { Recategorize, type ApplyOffer } from "./rules/Recategorize";
import { RuleForm } from "./rules/RuleForm";
import { RulesList } from "./rules/RulesList";
import { Suggestions } from "./rules/Suggestions";
import { useCategoryList } from "../components/CategoryOptions";
import "./Rules.css";

/** Rules (with a live preview while writing one), suggested rules, categories, and re-categorising the history. */
export function RulesScreen() {
  const { can, organizationId } = useSession();
  const canWrite = can("rules:write");
  const toast = useToast();
  const categories = useCategoryList();
  const rules = useAsync((signal) => api<RuleList>("/api/v1/categorizer/rules", { signal }).then((answer) => answer.rules), [organizationId]);
  const [offer, setOffer] = useState<ApplyOffer | null>(null);
  const reloadCategories = categories.reload;
  const reloadRules = rules.reload;

  const onSaved = (rule: StoredRule, preview: DryRunAnswer | null) => {
    toast(`Rule “${rule.name}” saved`, "success");
    reloadRules();
    setOffer({ ruleName: rule.name, wouldChange: preview ? preview.would_change : null });
  };
  const onFinished = useCallback(() => reloadCategories(), [reloadCategories]);
  const onOfferDone = useCallback(() => setOffer(null), []);

  return (
    <div className="rules-screen">
      <PageHeader
        title="Rules and categories"
        subtitle="Tell the platform how to file your transactions. Rules come first; what they do not cover is categorised automatically."
      />
      {!canWrite && (
        <p className="note note-info">Your role can see the rules and categories but not change them. Ask an owner or admin if something should change.</p>
      )}
      {canWrite && <RuleForm categories={categories.data} categoriesFailed={!!categories.error} onSaved={onSaved} />}
      <Recategorize canWrite={canWrite} offer={offer} onOfferDone={onOfferDone} onFinished={onFinished} />
      <RulesList rules={rules} categories={categories.data} canWrite={canWrite} />
      <div className="grid two rules-bottom">
        <Suggestions
          categories={categories.data}
          canWrite={canWrite}
          onAccepted={(rule) => {
            reloadRules();
            setOffer({ ruleName: rule.name, wouldChange: null });
          }}
        />
        <Categories categories={categories} canWrite={canWrite} onDeleted={reloadRules} />
      </div>
    </div>
  );
}
