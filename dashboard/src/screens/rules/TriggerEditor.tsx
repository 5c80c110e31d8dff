import { KINDS, kindLabel } from "../../api/ledgerTypes";
import { FIELD_LABELS, FIELDS, fieldType, OPERATOR_LABELS, operatorsFor, WEEKDAYS, type TriggerField, type TriggerOperator } from "../../api/ruleTypes";
import type { DraftErrors, TriggerDraft } from "./ruleDraft";

const PLACEHOLDERS: Partial<Record<TriggerField, string>> = {
  details: "e.g. BIDCO",
  counterparty: "e.g. NAIVAS",
  phone: "e.g. 0712345678",
  shortcode: "e.g. 888880",
  account_reference: "e.g. RENT",
  amount_cents: "KES, e.g. 1,500",
  hour: "0 to 23",
  day_of_month: "1 to 31",
};

/** One condition: what to check, how to compare, and the value(s). */
export function TriggerEditor(props: {
  index: number;
  draft: TriggerDraft;
  errors: DraftErrors;
  canRemove: boolean;
  onChange: (draft: TriggerDraft) => void;
  onRemove: () => void;
}) {
  const { index, draft, errors, canRemove, onChange, onRemove } = props;
  const id = `trigger-${draft.key}`;
  const type = fieldType(draft.field);
  const number = `Condition ${index + 1}`;
  const valueError = errors[`triggers/${index}/value`] ?? errors[`triggers/${index}/values`];
  const minError = errors[`triggers/${index}/min`];
  const maxError = errors[`triggers/${index}/max`];
  const operatorError = errors[`triggers/${index}/operator`] ?? errors[`triggers/${index}`];
  const list = draft.operator === "one_of" || draft.operator === "not_one_of";

  const setField = (field: TriggerField) => {
    const operators = operatorsFor(field);
    const operator = operators.includes(draft.operator) ? draft.operator : operators[0];
    const value = fieldType(field) === fieldType(draft.field) && fieldType(field) !== "choice" ? draft.value : "";
    onChange({ ...draft, field, operator, value, min: "", max: "" });
  };

  let valueInput;
  if (draft.operator === "between") {
    valueInput = (
      <div className="trigger-between">
        <label htmlFor={`${id}-min`} className="visually-hidden">
          {number}: from
        </label>
        <input
          id={`${id}-min`}
          inputMode={draft.field === "amount_cents" ? "decimal" : "numeric"}
          placeholder={draft.field === "amount_cents" ? "from KES" : "from"}
          value={draft.min}
          onChange={(event) => onChange({ ...draft, min: event.target.value })}
          aria-invalid={minError ? true : undefined}
        />
        <span aria-hidden="true">and</span>
        <label htmlFor={`${id}-max`} className="visually-hidden">
          {number}: to
        </label>
        <input
          id={`${id}-max`}
          inputMode={draft.field === "amount_cents" ? "decimal" : "numeric"}
          placeholder={draft.field === "amount_cents" ? "to KES" : "to"}
          value={draft.max}
          onChange={(event) => onChange({ ...draft, max: event.target.value })}
          aria-invalid={maxError ? true : undefined}
        />
      </div>
    );
  } else if (type === "choice" && !list) {
    const options =
      draft.field === "kind"
        ? KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) }))
        : draft.field === "direction"
          ? [
              { value: "in", label: "Money in" },
              { value: "out", label: "Money out" },
            ]
          : WEEKDAYS.map((day, position) => ({ value: String(position), label: day }));
    valueInput = (
      <>
        <label htmlFor={`${id}-value`} className="visually-hidden">
          {number}: value
        </label>
        <select id={`${id}-value`} value={draft.value} onChange={(event) => onChange({ ...draft, value: event.target.value })} aria-invalid={valueError ? true : undefined}>
          <option value="">Choose…</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </>
    );
  } else {
    valueInput = (
      <>
        <label htmlFor={`${id}-value`} className="visually-hidden">
          {number}: value
        </label>
        <input
          id={`${id}-value`}
          value={draft.value}
          inputMode={type === "number" ? (draft.field === "amount_cents" ? "decimal" : "numeric") : undefined}
          placeholder={list ? "several, separated by commas" : draft.operator === "matches" ? "a pattern, e.g. bidco\\s+africa" : PLACEHOLDERS[draft.field]}
          onChange={(event) => onChange({ ...draft, value: event.target.value })}
          aria-invalid={valueError ? true : undefined}
          aria-describedby={valueError ? `${id}-error` : undefined}
          data-testid="trigger-value"
        />
      </>
    );
  }

  return (
    <li className="trigger">
      <div className="trigger-inputs">
        <label htmlFor={`${id}-field`} className="visually-hidden">
          {number}: what to check
        </label>
        <select id={`${id}-field`} value={draft.field} onChange={(event) => setField(event.target.value as TriggerField)} data-testid="trigger-field">
          {FIELDS.map((field) => (
            <option key={field} value={field}>
              {FIELD_LABELS[field]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-operator`} className="visually-hidden">
          {number}: how to compare
        </label>
        <select
          id={`${id}-operator`}
          value={draft.operator}
          onChange={(event) => onChange({ ...draft, operator: event.target.value as TriggerOperator })}
          data-testid="trigger-operator"
        >
          {operatorsFor(draft.field).map((operator) => (
            <option key={operator} value={operator}>
              {OPERATOR_LABELS[operator]}
            </option>
          ))}
        </select>
        <div className="trigger-value">{valueInput}</div>
        {canRemove && (
          <button type="button" className="button secondary small" onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
            Remove
          </button>
        )}
      </div>
      {[valueError, minError, maxError, operatorError].filter(Boolean).map((message) => (
        <span key={message} className="field-error" id={`${id}-error`}>
          {message}
        </span>
      ))}
      {draft.operator === "matches" && !valueError && (
        <span className="hint">Capital letters do not matter. \s is a space, \d a digit, | means “or”.</span>
      )}
    </li>
  );
}
