import type { ApiError } from "../../api/problem";
import { categoryName, type Category, type DryRunAnswer } from "../../api/ruleTypes";
import { formatCount, formatKES } from "../../lib/format";

export type PreviewState =
  | { status: "idle" }
  | { status: "loading"; previous?: DryRunAnswer }
  | { status: "done"; answer: DryRunAnswer }
  | { status: "error"; error: ApiError; fieldProblems: boolean };

const SAMPLE = 8;

/** What the draft rule would do to the organisation's history (a dry run; nothing is saved). */
export function RulePreview({ state, categories }: { state: PreviewState; categories: Category[] | undefined }) {
  const answer = state.status === "done" ? state.answer : state.status === "loading" ? state.previous : undefined;
  return (
    <section className="rule-preview" data-testid="rule-preview" aria-live="polite" aria-busy={state.status === "loading" || undefined}>
      <h3>Preview</h3>
      {state.status === "idle" && <p className="muted">Add a condition and a category, and you will see here which past transactions the rule would change.</p>}
      {state.status === "loading" && !answer && (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Checking your transactions…
        </p>
      )}
      {state.status === "error" && (
        <p className="note note-error" role="alert">
          {state.fieldProblems ? "The rule needs fixing before it can be checked: see the messages in the form." : `The preview failed: ${state.error.friendly}`}
        </p>
      )}
      {answer && (
        <div className={state.status === "loading" ? "preview-stale" : undefined}>
          <p className="preview-count" data-testid="rule-preview-count">
            <strong>{formatCount(answer.matched)}</strong> of {formatCount(answer.scanned)} transactions match this rule.
          </p>
          <p>
            {answer.would_change === 0 ? (
              "None of them would change category."
            ) : (
              <>
                <strong data-testid="rule-preview-changes">{formatCount(answer.would_change)}</strong> would change category when you apply it to past
                transactions.
              </>
            )}
            {answer.kept_manual > 0 && ` ${formatCount(answer.kept_manual)} you filed by hand would stay as they are.`}
          </p>
          {Object.keys(answer.transitions).length > 0 && (
            <ul className="list preview-transitions">
              {Object.entries(answer.transitions).flatMap(([from, targets]) =>
                Object.entries(targets).map(([to, count]) => (
                  <li key={`${from}>${to}`}>
                    <span>
                      {categoryName(categories, from)} <span aria-hidden="true">→</span>
                      <span className="visually-hidden">to</span> <strong>{categoryName(categories, to)}</strong>
                    </span>
                    <span className="num">{formatCount(count)}</span>
                  </li>
                )),
              )}
            </ul>
          )}
          {answer.examples.length > 0 && (
            <>
              <h4>
                Examples{answer.would_change > SAMPLE ? ` (${SAMPLE} of ${formatCount(answer.would_change)})` : ""}
              </h4>
              <ul className="preview-examples">
                {answer.examples.slice(0, SAMPLE).map((example) => (
                  <li key={example.transaction_id}>
                    <span className="preview-details" title={example.details}>
                      {example.details}
                    </span>
                    <span className={`num ${example.direction === "in" ? "positive" : "negative"}`}>
                      {formatKES(example.direction === "in" ? example.amount_cents : -example.amount_cents, { sign: true })}
                    </span>
                    <span className="muted small-text preview-move">
                      {categoryName(categories, example.from)} → {categoryName(categories, example.to)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {answer.truncated && <p className="hint">Only the latest {formatCount(answer.scanned)} transactions were checked.</p>}
        </div>
      )}
    </section>
  );
}
