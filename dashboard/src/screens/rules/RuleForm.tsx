import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../../api/client";
import { ApiError, networkProblem } from "../../api/problem";
import { STAGES, type Category, type DryRunAnswer, type StoredRule } from "../../api/ruleTypes";
import { ErrorNote } from "../../components/Section";
import { buildRule, emptyForm, formErrors, newTrigger, type DraftErrors, type RuleForm as Form } from "./ruleDraft";
import { RulePreview, type PreviewState } from "./RulePreview";
import { TriggerEditor } from "./TriggerEditor";
import { CategoryOptions } from "../../components/CategoryOptions";

const PREVIEW_DELAY = 700;

/** Create a rule, with a live preview (a debounced dry run) of what it would change. */
export function RuleForm({
  categories,
  categoriesFailed,
  onSaved,
}: {
  categories: Category[] | undefined;
  categoriesFailed: boolean;
  onSaved: (rule: StoredRule, preview: DryRunAnswer | null) => void;
}) {
  const [form, setForm] = useState<Form>(emptyForm);
  const [preview, setPreview] = useState<PreviewState>({ status: "idle" });
  const [serverErrors, setServerErrors] = useState<DraftErrors>({});
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const built = useMemo(() => buildRule(form), [form]);
  const draftKey = JSON.stringify(built.rule);
  const lastAnswer = useRef<DryRunAnswer | null>(null);

  // Typing changes the draft: the server's old complaints no longer apply.
  useEffect(() => setServerErrors({}), [draftKey]);

  useEffect(() => {
    if (!built.complete) {
      setPreview({ status: "idle" });
      lastAnswer.current = null;
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setPreview({ status: "loading", previous: lastAnswer.current ?? undefined });
      const rule = { ...built.rule, name: built.rule.name || "Preview" };
      api<DryRunAnswer>("/api/v1/categorizer/rules/dry-run", { body: { rule }, signal: controller.signal })
        .then((answer) => {
          lastAnswer.current = answer;
          setPreview({ status: "done", answer });
        })
        .catch((reason: unknown) => {
          if (controller.signal.aborted) return;
          const error = reason instanceof ApiError ? reason : networkProblem(reason);
          const fields = formErrors(error.fieldErrors(), built.actionInputs);
          delete fields.name;
          setServerErrors(fields);
          lastAnswer.current = null;
          setPreview({ status: "error", error, fieldProblems: Object.keys(fields).length > 0 });
        });
    }, PREVIEW_DELAY);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // The draft's JSON is the dependency: a re-render with the same draft does not ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey, built.complete]);

  const errors: DraftErrors = { ...serverErrors, ...built.errors };
  const update = (change: Partial<Form>) => setForm((previous) => ({ ...previous, ...change }));

  async function save() {
    setSaveError(null);
    const local: DraftErrors = {};
    if (!built.rule.name) local.name = "Give the rule a name, e.g. “Stock from Bidco”";
    if (built.rule.actions.length === 0) local.category = "Choose the category these transactions go to";
    if (!built.complete && built.rule.actions.length > 0) local.form = "Fill in every condition first";
    if (Object.keys(local).length) {
      setServerErrors(local);
      return;
    }
    setSaving(true);
    try {
      const stored = await api<StoredRule>("/api/v1/categorizer/rules", { body: built.rule });
      onSaved(stored, preview.status === "done" ? preview.answer : null);
      setForm(emptyForm());
      setShowAdvanced(false);
    } catch (reason) {
      const error = reason instanceof ApiError ? reason : networkProblem(reason);
      setSaveError(error);
      setServerErrors(formErrors(error.fieldErrors(), built.actionInputs));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-labelledby="rule-form-title">
      <header className="card-header">
        <h2 id="rule-form-title">New rule</h2>
      </header>
      <div className="rule-layout">
        <form
          className="rule-form"
          data-testid="rule-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label className="field" htmlFor="rule-name">
            Name
            <input
              id="rule-name"
              value={form.name}
              maxLength={120}
              placeholder="e.g. Stock from Bidco"
              onChange={(event) => update({ name: event.target.value })}
              aria-invalid={errors.name ? true : undefined}
              data-testid="rule-name"
            />
            {errors.name && <span className="field-error">{errors.name}</span>}
          </label>

          <fieldset className="rule-fieldset">
            <legend>When a transaction matches</legend>
            <label className="field inline-field" htmlFor="rule-match">
              <span className="visually-hidden">Which conditions must hold</span>
              <select id="rule-match" value={form.match} onChange={(event) => update({ match: event.target.value as Form["match"] })}>
                <option value="all">all of these conditions</option>
                <option value="any">any of these conditions</option>
              </select>
            </label>
            <ol className="triggers">
              {form.triggers.map((draft, index) => (
                <TriggerEditor
                  key={draft.key}
                  index={index}
                  draft={draft}
                  errors={errors}
                  canRemove={form.triggers.length > 1}
                  onChange={(next) => update({ triggers: form.triggers.map((item) => (item.key === draft.key ? next : item)) })}
                  onRemove={() => update({ triggers: form.triggers.filter((item) => item.key !== draft.key) })}
                />
              ))}
            </ol>
            {errors.triggers && <span className="field-error">{errors.triggers}</span>}
            {form.triggers.length < 20 && (
              <button type="button" className="button secondary small" onClick={() => update({ triggers: [...form.triggers, newTrigger()] })}>
                Add a condition
              </button>
            )}
          </fieldset>

          <fieldset className="rule-fieldset">
            <legend>Then</legend>
            <label className="field" htmlFor="rule-category">
              File it under
              <select
                id="rule-category"
                value={form.category}
                onChange={(event) => update({ category: event.target.value })}
                aria-invalid={errors.category ? true : undefined}
                data-testid="rule-category"
              >
                <option value="">Choose a category…</option>
                <CategoryOptions categories={categories} />
              </select>
              {errors.category && <span className="field-error">{errors.category}</span>}
              {categoriesFailed && !categories && <span className="field-error">The categories could not be loaded: see “Categories” below.</span>}
            </label>
            <div className="grid two rule-extra-actions">
              <label className="field" htmlFor="rule-tag">
                Add a tag (optional)
                <input id="rule-tag" value={form.tag} maxLength={120} placeholder="e.g. supplier" onChange={(event) => update({ tag: event.target.value })} />
                {errors.tag && <span className="field-error">{errors.tag}</span>}
              </label>
              <label className="field" htmlFor="rule-rename">
                Rename the other party (optional)
                <input id="rule-rename" value={form.rename} maxLength={120} placeholder="e.g. Bidco" onChange={(event) => update({ rename: event.target.value })} />
                {errors.rename && <span className="field-error">{errors.rename}</span>}
              </label>
            </div>
            {errors.actions && <span className="field-error">{errors.actions}</span>}
          </fieldset>

          <button type="button" className="button link" aria-expanded={showAdvanced} aria-controls="rule-advanced" onClick={() => setShowAdvanced((open) => !open)}>
            {showAdvanced ? "Hide order and options" : "Order and options"}
          </button>
          {showAdvanced && (
            <div id="rule-advanced" className="rule-advanced">
              <div className="grid two">
                <label className="field" htmlFor="rule-stage">
                  When it runs
                  <select id="rule-stage" value={form.stage} onChange={(event) => update({ stage: event.target.value as Form["stage"] })}>
                    {STAGES.map((stage) => (
                      <option key={stage.value} value={stage.value}>
                        {stage.label} ({stage.hint})
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field" htmlFor="rule-priority">
                  Priority
                  <input id="rule-priority" inputMode="numeric" value={form.priority} onChange={(event) => update({ priority: event.target.value })} aria-invalid={errors.priority ? true : undefined} />
                  <span className="hint">Lower numbers run first.</span>
                  {errors.priority && <span className="field-error">{errors.priority}</span>}
                </label>
              </div>
              <label className="check">
                <input type="checkbox" checked={form.stopProcessing} onChange={(event) => update({ stopProcessing: event.target.checked })} />
                When this rule applies, skip the other rules of the same stage
              </label>
              <label className="check">
                <input type="checkbox" checked={form.active} onChange={(event) => update({ active: event.target.checked })} />
                Active (untick to save it paused)
              </label>
            </div>
          )}

          {errors.form && <p className="field-error">{errors.form}</p>}
          <ErrorNote error={saveError} />
          <div className="row rule-buttons">
            <button type="submit" className="button" data-testid="rule-save" disabled={saving}>
              {saving ? "Saving…" : "Save rule"}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setForm(emptyForm());
                setSaveError(null);
                setServerErrors({});
              }}
            >
              Start again
            </button>
          </div>
        </form>
        <RulePreview state={preview} categories={categories} />
      </div>
    </section>
  );
}
